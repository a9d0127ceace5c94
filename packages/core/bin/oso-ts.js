#!/usr/bin/env node
// The installed `oso-ts` command: runs the compiled CLI (build with `tsc -b` first).
import { main } from "../dist/cli.js";

process.exitCode = await main(process.argv.slice(2));
