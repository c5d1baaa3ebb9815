/** One numbered schema migration. Numbers are global across features; append only: never edit one that has shipped. */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}
