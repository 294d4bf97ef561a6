// Extends the scaffold's webpack config (.config/ is tool-managed, see
// https://grafana.com/developers/plugin-tools/how-to-guides/extend-configurations#extend-the-webpack-config).
//
// The scaffold copies only the root plugin's logos. Nested plugins (src/datasource, src/panel) declare
// theirs relative to their own folder, so Grafana looks for dist/<nested>/img/...: copy them there too.
import CopyWebpackPlugin from 'copy-webpack-plugin';
import fs from 'fs';
import { globSync } from 'glob';
import path from 'path';
import type { Configuration } from 'webpack';
import grafanaConfig, { type Env } from './.config/webpack/webpack.config.ts';

const SOURCE_DIR = 'src';

interface PluginJsonLogos {
  info?: { logos?: { small?: string; large?: string } };
}

/** Copy patterns for the logos of every nested plugin.json (src/<folder>/**\/plugin.json). */
function nestedLogoPatterns() {
  return globSync(`${SOURCE_DIR}/*/**/plugin.json`).flatMap((pluginJsonPath) => {
    const pluginDir = path.relative(SOURCE_DIR, path.dirname(pluginJsonPath));
    const pluginJson: PluginJsonLogos = JSON.parse(fs.readFileSync(pluginJsonPath, 'utf8'));
    const logos = new Set([pluginJson.info?.logos?.small, pluginJson.info?.logos?.large]);
    return Array.from(logos)
      .filter((logo): logo is string => Boolean(logo))
      .map((logo) => ({ from: path.join(pluginDir, logo), to: path.join(pluginDir, logo) }));
  });
}

const config = async (env: Env): Promise<Configuration> => {
  const baseConfig = await grafanaConfig(env);
  const patterns = nestedLogoPatterns();
  return {
    ...baseConfig,
    plugins: [...(baseConfig.plugins ?? []), ...(patterns.length > 0 ? [new CopyWebpackPlugin({ patterns })] : [])],
  };
};

export default config;
