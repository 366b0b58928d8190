export const commands: readonly import("../command.js").CliCommand[] = [];
