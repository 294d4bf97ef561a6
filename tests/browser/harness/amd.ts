/**
 * Loads the plugin's built module (dist/panel/module.js), an AMD module from webpack with the
 * @grafana/* packages, React and emotion as externals, the way Grafana's SystemJS loader does:
 * a global `define` hands the module its dependencies from the harness bundle.
 */
type Factory = (...deps: unknown[]) => unknown;
type Define = ((deps: string[], factory: Factory) => void) & { amd?: object };

export function loadAmdModule(url: string, externals: Record<string, unknown>): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const define: Define = (deps, factory) => {
      // Gone once used: other scripts (axe-core) must not mistake the page for an AMD loader.
      Reflect.deleteProperty(window, 'define');
      const missing = deps.filter((dep) => !(dep in externals));
      if (missing.length > 0) {
        reject(new Error(`module.js needs externals the harness does not provide: ${missing.join(', ')}`));
        return;
      }
      resolve(factory(...deps.map((dep) => externals[dep])) as Record<string, unknown>);
    };
    define.amd = {};
    Object.assign(window, { define });
    const script = document.createElement('script');
    script.src = url;
    script.onerror = () => reject(new Error(`cannot load ${url}`));
    document.head.appendChild(script);
  });
}
