const fs = require("node:fs");
const path = require("node:path");
// node-gyp needs Node's headers; when the machine has them next to the node binary, point it there
function nodeDir() {
  if (process.env.npm_config_nodedir) return process.env.npm_config_nodedir;
  const prefix = path.dirname(path.dirname(process.execPath));
  return fs.existsSync(path.join(prefix, "include", "node", "node.h")) ? prefix : undefined;
}
module.exports = {
  hooks: {
    updateConfig(config) {
      const dir = nodeDir();
      if (dir) config.extraEnv = { ...config.extraEnv, npm_config_nodedir: dir };
      return config;
    },
  },
};
