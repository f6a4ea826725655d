// Which engine a database URL names, without loading the configuration schema (the edge-only
// program connects with the URL alone: edge/main.ts).
export const isPostgresUrl = (url: string): boolean => /^postgres(ql)?:\/\//.test(url);
