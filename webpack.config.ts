// Extends the scaffold's webpack config (.config/ is tool-managed, see
// https://grafana.com/developers/plugin-tools/how-to-guides/extend-configurations#extend-the-webpack-config).
//
// The scaffold copies only the root plugin's logos and screenshots. Nested plugins (src/datasource,
// src/panel) declare theirs relative to their own folder, so Grafana looks for dist/<nested>/img/...:
// copy them there too. (src/README.md, the app's catalog page, shows only the app's screenshots, which
// the scaffold copies.)
import CopyWebpackPlugin from 'copy-webpack-plugin';
import fs from 'fs';
import { globSync } from 'glob';
import path from 'path';
import type { Configuration } from 'webpack';
import grafanaConfig, { type Env } from './.config/webpack/webpack.config.ts';

const SOURCE_DIR = 'src';

interface PluginJsonAssets {
  info?: { logos?: { small?: string; large?: string }; screenshots?: Array<{ path?: string }> };
}

/** Copy patterns for the logos and screenshots of every nested plugin.json (src/<folder>/**\/plugin.json). */
function nestedAssetPatterns() {
  return globSync(`${SOURCE_DIR}/*/**/plugin.json`).flatMap((pluginJsonPath) => {
    const pluginDir = path.relative(SOURCE_DIR, path.dirname(pluginJsonPath));
    const pluginJson: PluginJsonAssets = JSON.parse(fs.readFileSync(pluginJsonPath, 'utf8'));
    const assets = new Set([
      pluginJson.info?.logos?.small,
      pluginJson.info?.logos?.large,
      ...(pluginJson.info?.screenshots ?? []).map((screenshot) => screenshot.path),
    ]);
    return Array.from(assets)
      .filter((asset): asset is string => Boolean(asset))
      .map((asset) => ({ from: path.join(pluginDir, asset), to: path.join(pluginDir, asset) }));
  });
}

const config = async (env: Env): Promise<Configuration> => {
  const baseConfig = await grafanaConfig(env);
  const patterns = nestedAssetPatterns();
  return {
    ...baseConfig,
    plugins: [...(baseConfig.plugins ?? []), ...(patterns.length > 0 ? [new CopyWebpackPlugin({ patterns })] : [])],
    // Size hints are about what the browser loads to run the plugin; the catalog screenshots
    // (img/screenshot-*.png) are shown only on the plugin's catalog page.
    performance: {
      assetFilter: (asset: string) => !/(^|\/)img\/screenshot-[^/]+\.png$/.test(asset) && !/\.map$/.test(asset),
    },
  };
};

export default config;
