import { CONDITION_OPERATORS, ParsedOperator } from '../engine/conditions';

type Operator = (typeof CONDITION_OPERATORS)[number];

/** What each condition operator tests, in a sentence. */
export const OPERATOR_DOCS: Readonly<Record<Operator, string>> = {
  StringEquals: 'Exact, case-sensitive string match.',
  StringNotEquals: 'Negated exact, case-sensitive string match.',
  StringEqualsIgnoreCase: 'Exact string match, ignoring case.',
  StringNotEqualsIgnoreCase: 'Negated exact string match, ignoring case.',
  StringLike: 'Case-sensitive match with `*` (any run of characters) and `?` (one character) wildcards.',
  StringNotLike: 'Negated case-sensitive match with `*` and `?` wildcards.',
  NumericEquals: 'Number equal to.',
  NumericNotEquals: 'Number not equal to.',
  NumericLessThan: 'Number less than.',
  NumericLessThanEquals: 'Number less than or equal to.',
  NumericGreaterThan: 'Number greater than.',
  NumericGreaterThanEquals: 'Number greater than or equal to.',
  DateEquals: 'Date equal to (ISO 8601 such as `2026-01-01T00:00:00Z`, or epoch seconds).',
  DateNotEquals: 'Date not equal to.',
  DateLessThan: 'Date before.',
  DateLessThanEquals: 'Date before or at.',
  DateGreaterThan: 'Date after.',
  DateGreaterThanEquals: 'Date at or after.',
  Bool: 'Boolean match: `"true"` or `"false"`.',
  BinaryEquals: 'Byte-for-byte match of a base64-encoded binary value.',
  IpAddress: 'IP address in a CIDR range (e.g. `203.0.113.0/24`).',
  NotIpAddress: 'IP address outside every listed CIDR range.',
  ArnEquals: 'ARN match; like ArnLike, `*` and `?` match within each ARN part.',
  ArnLike: 'ARN match with `*` and `?` wildcards within each colon-delimited part.',
  ArnNotEquals: 'Negated ARN match.',
  ArnNotLike: 'Negated ARN match with wildcards.',
  Null: 'Whether the key is absent (`"true"`) or present (`"false"`) in the request context.',
};

/** The condition key types each operator family compares. */
export function operatorValueType(base: Operator): string {
  if (base.startsWith('String')) return 'String';
  if (base.startsWith('Numeric')) return 'Numeric';
  if (base.startsWith('Date')) return 'Date';
  if (base === 'Bool') return 'Bool';
  if (base === 'BinaryEquals') return 'Binary';
  if (base.endsWith('IpAddress')) return 'IPAddress';
  if (base.startsWith('Arn')) return 'ARN';
  return 'any';
}

/** Markdown describing an operator as written, with its IfExists and set qualifier. */
export function describeOperator(parsed: ParsedOperator): string {
  if (!parsed.base) return `**${parsed.written}** is not an IAM condition operator.`;
  const lines = [`**${parsed.written}** — condition operator`, '', OPERATOR_DOCS[parsed.base]];
  if (parsed.setQualifier === 'ForAllValues') {
    lines.push(
      '',
      '`ForAllValues:` — true when **every** value of the (multivalued) key in the request matches one of the listed values; ' +
        'also true when the key is absent or empty, so pair it with a `Null` check or use it in a Deny with care.',
    );
  } else if (parsed.setQualifier === 'ForAnyValue') {
    lines.push(
      '',
      '`ForAnyValue:` — true when **at least one** value of the (multivalued) key in the request matches one of the listed values.',
    );
  }
  if (parsed.ifExists) {
    lines.push('', '`IfExists` — also true when the key is absent from the request.');
  }
  return lines.join('\n');
}

export interface OperatorForm {
  name: string;
  base: Operator;
}

/** Every form a policy can write: each operator, its IfExists form, and the set-qualified forms. */
export function operatorForms(): OperatorForm[] {
  const forms: OperatorForm[] = [];
  for (const base of CONDITION_OPERATORS) {
    forms.push({ name: base, base });
    if (base !== 'Null') forms.push({ name: `${base}IfExists`, base });
  }
  for (const qualifier of ['ForAllValues', 'ForAnyValue']) {
    for (const base of CONDITION_OPERATORS) {
      if (base === 'Null') continue;
      forms.push({ name: `${qualifier}:${base}`, base });
      forms.push({ name: `${qualifier}:${base}IfExists`, base });
    }
  }
  return forms;
}
