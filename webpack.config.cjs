// Server bundle: src/server/main.ts -> dist/Code.js, one classic script whose exports become top-level functions.
const path = require('node:path');
const GasPlugin = require('gas-webpack-plugin');

module.exports = {
  mode: 'production',
  context: __dirname,
  entry: './src/server/main.ts',
  // eval source maps hide the `global.x =` assignments from Apps Script (toolchain.md).
  devtool: false,
  output: { path: path.resolve(__dirname, 'dist'), filename: 'Code.js', clean: false },
  resolve: { extensions: ['.ts', '.js'] },
  module: {
    rules: [{ test: /\.ts$/, loader: 'esbuild-loader', options: { target: 'es2020' } }],
  },
  optimization: {
    // gas-webpack-plugin 2.6 + usedExports => "__webpack_exports__ is not defined" at load (toolchain.md).
    usedExports: false,
    // Top-level names must survive: menus, triggers and google.script.run call them by name.
    minimize: false,
  },
  performance: { hints: false },
  plugins: [new GasPlugin({ autoGlobalExportsFiles: ['src/server/main.ts'] })],
};
