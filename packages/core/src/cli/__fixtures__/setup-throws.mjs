// A setup module that fails as it is imported.
throw new Error("database unreachable");
