import { sql } from 'drizzle-orm';
import { queryRows, type Database } from '../../server/db/client';
import type { Client } from './app';

/** A statement the database received, with its parameters. */
export interface Statement {
  sql: string;
  params: unknown[];
}

/** The statements one request sends, with its response. */
export async function capture(database: Database, client: Client, url: string) {
  const statements: Statement[] = [];
  const stop = database.onQuery((query, params) => statements.push({ sql: query, params }));
  try {
    const response = await client.get(url);
    return { status: response.statusCode, response, statements };
  } finally {
    stop();
  }
}

const literal = (value: unknown): string => {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  const text = value instanceof Date ? value.toISOString() : typeof value === 'string' ? value : JSON.stringify(value);
  return `'${text.replace(/'/g, "''")}'`;
};

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  Plans?: PlanNode[];
}
const scansIn = (node: PlanNode): { type: string; relation: string }[] => [
  ...(node['Relation Name'] ? [{ type: node['Node Type'], relation: node['Relation Name'] }] : []),
  ...(node.Plans ?? []).flatMap(scansIn),
];

/** How the plan of `statement` (parameters filled in) reads each table: "Seq Scan", "Index Only Scan", ... */
export async function scansOf(database: Database, statement: Statement): Promise<{ type: string; relation: string }[]> {
  const text = statement.sql.replace(/\$(\d+)/g, (_, i: string) => literal(statement.params[Number(i) - 1]));
  const [plan] = await queryRows<{ 'QUERY PLAN': [{ Plan: PlanNode }] }>(database.db, sql.raw(`explain (format json) ${text}`));
  return scansIn(plan!['QUERY PLAN'][0].Plan);
}

/** The kinds of the plan's nodes, every one ("Limit", "Sort", "Index Scan", ...). */
export async function nodesOf(database: Database, statement: Statement): Promise<string[]> {
  const text = statement.sql.replace(/\$(\d+)/g, (_, i: string) => literal(statement.params[Number(i) - 1]));
  const [plan] = await queryRows<{ 'QUERY PLAN': [{ Plan: PlanNode }] }>(database.db, sql.raw(`explain (format json) ${text}`));
  const kinds = (node: PlanNode): string[] => [node['Node Type'], ...(node.Plans ?? []).flatMap(kinds)];
  return kinds(plan!['QUERY PLAN'][0].Plan);
}

/** The tables of `tables` that the plan of `statement` (parameters filled in) reads sequentially. */
export async function sequentialScans(database: Database, statement: Statement, tables: string[]): Promise<string[]> {
  return (await scansOf(database, statement)).filter((scan) => scan.type === 'Seq Scan' && tables.includes(scan.relation)).map((scan) => scan.relation);
}

/** Row queries only: a page total counts at most TOTAL_CAP rows, which the planner may rightly read sequentially. */
export const rowQueries = (statements: Statement[]) => statements.filter((s) => /^select/i.test(s.sql) && !/^select count\(/i.test(s.sql));
