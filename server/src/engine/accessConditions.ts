import { comparedValue } from './accessValues';
import { parseOperator } from './conditions';
import { arnPatternContains, patternContains } from './accessPatterns';
import { StatementModel } from './model';

/**
 * A statement's Condition as `iamlp diff` reasons about it: a conjunction of tests, each admitting
 * a set of values for one key. "HEAD's conditions imply BASE's" is decided test by test: every
 * BASE test must be implied by one HEAD test on the same key, that is, admit at least every value
 * the HEAD test admits. That is sound (what it accepts is contained) and leaves out what needs
 * several tests together, which then counts as loosened.
 */

type Family = 'string' | 'stringIgnoreCase' | 'pattern' | 'numeric' | 'date' | 'bool' | 'binary' | 'ip' | 'null';
type Comparison = 'eq' | 'lt' | 'lte' | 'gt' | 'gte';

export interface ConditionTest {
  /** As written, for messages: `StringEquals aws:PrincipalOrgID`. */
  label: string;
  /** Lower-cased: condition keys are case-insensitive. */
  key: string;
  qualifier?: 'ForAllValues' | 'ForAnyValue';
  ifExists: boolean;
  /** Undefined for an operator IAM does not know: such a test implies nothing and nothing implies it. */
  family?: Family;
  comparison: Comparison;
  /** The Not... operators: they admit every value but those listed. */
  negated: boolean;
  /** ArnLike and its kin match part by part: a wildcard stays inside the region or the account. */
  arn: boolean;
  values: string[];
}

const FAMILY: Record<string, [Family, Comparison, boolean]> = {
  StringEquals: ['string', 'eq', false],
  StringNotEquals: ['string', 'eq', true],
  StringEqualsIgnoreCase: ['stringIgnoreCase', 'eq', false],
  StringNotEqualsIgnoreCase: ['stringIgnoreCase', 'eq', true],
  StringLike: ['pattern', 'eq', false],
  StringNotLike: ['pattern', 'eq', true],
  // ArnEquals accepts wildcards as ArnLike does.
  ArnEquals: ['pattern', 'eq', false],
  ArnLike: ['pattern', 'eq', false],
  ArnNotEquals: ['pattern', 'eq', true],
  ArnNotLike: ['pattern', 'eq', true],
  NumericEquals: ['numeric', 'eq', false],
  NumericNotEquals: ['numeric', 'eq', true],
  NumericLessThan: ['numeric', 'lt', false],
  NumericLessThanEquals: ['numeric', 'lte', false],
  NumericGreaterThan: ['numeric', 'gt', false],
  NumericGreaterThanEquals: ['numeric', 'gte', false],
  DateEquals: ['date', 'eq', false],
  DateNotEquals: ['date', 'eq', true],
  DateLessThan: ['date', 'lt', false],
  DateLessThanEquals: ['date', 'lte', false],
  DateGreaterThan: ['date', 'gt', false],
  DateGreaterThanEquals: ['date', 'gte', false],
  Bool: ['bool', 'eq', false],
  BinaryEquals: ['binary', 'eq', false],
  IpAddress: ['ip', 'eq', false],
  NotIpAddress: ['ip', 'eq', true],
  Null: ['null', 'eq', false],
};

/** Every test of a statement's Condition. */
export function conditionTests(statement: StatementModel): ConditionTest[] {
  const tests: ConditionTest[] = [];
  for (const operator of statement.condition?.operators ?? []) {
    const parsed = parseOperator(operator.operator);
    const known = parsed.base ? FAMILY[parsed.base] : undefined;
    for (const key of operator.keys) {
      tests.push({
        label: `${operator.operator} ${key.key}`,
        key: key.key.toLowerCase(),
        qualifier: parsed.setQualifier,
        ifExists: parsed.ifExists,
        family: known?.[0],
        comparison: known?.[1] ?? 'eq',
        negated: known?.[2] ?? false,
        arn: parsed.base?.startsWith('Arn') ?? false,
        values: key.values.map((v) =>
          known && (known[0] === 'bool' || known[0] === 'null') ? v.value.toLowerCase() : comparedValue(v.value, v.node),
        ),
      });
    }
  }
  return tests;
}

/** A canonical text of a test, for telling identical statements apart from rewritten ones. */
export function testKey(test: ConditionTest): string {
  const values = [...new Set(test.values)].sort();
  return [test.qualifier ?? '', test.ifExists, test.family ?? test.label, test.comparison, test.negated, test.key, ...values].join(
    '\u0001',
  );
}

/** Why HEAD's tests do not imply a BASE test, or undefined when every BASE test is implied. */
export function unimpliedTest(
  head: readonly ConditionTest[],
  base: readonly ConditionTest[],
): { test: ConditionTest; dropped: boolean } | undefined {
  for (const b of base) {
    const sameKey = head.filter((h) => h.key === b.key);
    if (!sameKey.some((h) => testImplies(h, b))) return { test: b, dropped: sameKey.length === 0 };
  }
  return undefined;
}

export function conditionsImply(head: readonly ConditionTest[], base: readonly ConditionTest[]): boolean {
  return unimpliedTest(head, base) === undefined;
}

/**
 * Whether no request satisfies both tests: the values one admits all lie among those the other
 * rules out (`StringEquals aws:PrincipalOrgID o-1` against `StringNotEquals` the same), plain
 * values with nothing in common, or a key one requires and the other requires absent (`Null`).
 */
export function testsExclude(a: ConditionTest, b: ConditionTest): boolean {
  if (a.key !== b.key || a.qualifier || b.qualifier || !a.family || !b.family) return false;
  const requiresKey = (t: ConditionTest) => !t.ifExists && !t.negated && t.family !== 'null';
  const requiresAbsent = (t: ConditionTest) => t.family === 'null' && t.values.length > 0 && t.values.every((v) => v === 'true');
  if ((requiresKey(a) && requiresAbsent(b)) || (requiresKey(b) && requiresAbsent(a))) return true;
  if (a.family === 'null' || b.family === 'null') return false;
  const excludes = (pos: ConditionTest, neg: ConditionTest) =>
    requiresKey(pos) &&
    neg.negated &&
    pos.values.every((pv) => neg.values.some((nv) => valueWithin(pos, pv, { ...neg, negated: false }, nv)));
  if (excludes(a, b) || excludes(b, a)) return true;
  const plain = (t: ConditionTest) => requiresKey(t) && (t.family === 'bool' || t.family === 'string');
  return plain(a) && plain(b) && a.family === b.family && !a.values.some((v) => b.values.includes(v));
}

/** Whether every request context `h` admits, `b` admits too. */
function testImplies(h: ConditionTest, b: ConditionTest): boolean {
  if (h.key !== b.key || h.qualifier !== b.qualifier || h.negated !== b.negated) return false;
  if (h.ifExists && !b.ifExists) return false;
  if (!h.family || !b.family) return false;
  if (b.negated) {
    // Each admits the complement of what it lists: HEAD's complement lies within BASE's when
    // HEAD excludes at least everything BASE excludes.
    return b.values.every((bv) => h.values.some((hv) => valueWithin(b, bv, h, hv)));
  }
  return h.values.every((hv) => b.values.some((bv) => valueWithin(h, hv, b, bv)));
}

/** Whether every value `inner` (a value of test `it`) admits is admitted by `outer` (a value of `ot`). */
function valueWithin(it: ConditionTest, inner: string, ot: ConditionTest, outer: string): boolean {
  const i = it.family!;
  const o = ot.family!;
  if (isStringFamily(i) && isStringFamily(o)) {
    if (o === 'pattern' && ot.arn)
      return arnPatternContains(outer, i === 'pattern' ? inner : literalPattern(inner)) || (i === 'string' && outer === inner);
    return stringWithin(i, inner, o, outer);
  }
  if (i !== o) return false;
  switch (i) {
    case 'numeric':
    case 'date': {
      const a = interval(it.comparison, i === 'date' ? dateValue(inner) : numericValue(inner));
      const b = interval(ot.comparison, o === 'date' ? dateValue(outer) : numericValue(outer));
      return a !== undefined && b !== undefined && intervalWithin(a, b);
    }
    case 'ip':
      return cidrWithin(inner, outer);
    default:
      return inner === outer;
  }
}

function isStringFamily(f: Family): boolean {
  return f === 'string' || f === 'stringIgnoreCase' || f === 'pattern';
}

/** A literal as a pattern that matches it alone: its `*` and `?` are characters, not wildcards. */
function literalPattern(value: string): string {
  return value.replace(/\$\{[^}]*\}|[*?$]/g, (m) => (m.length > 1 ? m : m === '$' ? '$' : `\${${m}}`));
}

function stringWithin(i: Family, inner: string, o: Family, outer: string): boolean {
  const innerPattern = i === 'pattern' ? inner : literalPattern(inner);
  if (o === 'pattern') {
    if (i === 'stringIgnoreCase') return !/[a-z]/i.test(inner) && patternContains(outer, innerPattern);
    return patternContains(outer, innerPattern);
  }
  const outerPattern = literalPattern(outer);
  if (o === 'string') return i !== 'stringIgnoreCase' && patternContains(outerPattern, innerPattern);
  return patternContains(outerPattern, innerPattern, { caseInsensitive: true });
}

interface Interval {
  low: number;
  lowOpen: boolean;
  high: number;
  highOpen: boolean;
}

function interval(comparison: Comparison, value: number | undefined): Interval | undefined {
  if (value === undefined) return undefined;
  switch (comparison) {
    case 'eq':
      return { low: value, lowOpen: false, high: value, highOpen: false };
    case 'lt':
      return { low: -Infinity, lowOpen: true, high: value, highOpen: true };
    case 'lte':
      return { low: -Infinity, lowOpen: true, high: value, highOpen: false };
    case 'gt':
      return { low: value, lowOpen: true, high: Infinity, highOpen: true };
    case 'gte':
      return { low: value, lowOpen: false, high: Infinity, highOpen: true };
  }
}

function intervalWithin(a: Interval, b: Interval): boolean {
  const lowOk = a.low > b.low || (a.low === b.low && (!b.lowOpen || a.lowOpen));
  const highOk = a.high < b.high || (a.high === b.high && (!b.highOpen || a.highOpen));
  return lowOk && highOk;
}

function numericValue(text: string): number | undefined {
  if (!/^\s*-?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*$/.test(text)) return undefined;
  return Number(text);
}

/** IAM dates: ISO 8601 or epoch seconds. A policy variable or anything else is an unknown. */
function dateValue(text: string): number | undefined {
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  if (!/^\d{4}-\d{2}-\d{2}/.test(text)) return undefined;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? undefined : ms;
}

/** An IPv4 CIDR as [network, prefix length]; IPv6 and the rest are compared as written. */
function ipv4Cidr(text: string): [number, number] | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})(?:\/(\d{1,2}))?$/.exec(text.trim());
  if (!m) return undefined;
  const octets = m.slice(1, 5).map(Number);
  if (octets.some((o) => o > 255)) return undefined;
  const bits = m[5] === undefined ? 32 : Number(m[5]);
  if (bits > 32) return undefined;
  const address = ((octets[0] << 24) | (octets[1] << 16) | (octets[2] << 8) | octets[3]) >>> 0;
  const mask = bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
  return [(address & mask) >>> 0, bits];
}

function cidrWithin(inner: string, outer: string): boolean {
  const i = ipv4Cidr(inner);
  const o = ipv4Cidr(outer);
  if (!i || !o) return inner.trim().toLowerCase() === outer.trim().toLowerCase();
  if (i[1] < o[1]) return false;
  const mask = o[1] === 0 ? 0 : (0xffffffff << (32 - o[1])) >>> 0;
  return (i[0] & mask) >>> 0 === o[0];
}
