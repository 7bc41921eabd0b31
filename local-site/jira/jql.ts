/**
 * A small JQL subset: clauses `field op value`, AND/OR/NOT, parentheses, ORDER BY. Anything
 * outside it is a JqlError, answered with Jira's 400 error shape by the caller.
 */
export class JqlError extends Error {
  override readonly name = 'JqlError';
}

export type JqlOperator = '=' | '!=' | '~' | '!~' | 'in' | 'not in' | 'is' | 'is not' | '>' | '>=' | '<' | '<=';

export type JqlValue = { kind: 'text'; text: string } | { kind: 'empty' } | { kind: 'function'; name: string; args: string[] };

export type JqlNode =
  | { kind: 'and'; items: JqlNode[] }
  | { kind: 'or'; items: JqlNode[] }
  | { kind: 'not'; item: JqlNode }
  | { kind: 'clause'; field: string; operator: JqlOperator; values: JqlValue[]; list: boolean };

export interface JqlSort {
  field: string;
  direction: 'ASC' | 'DESC';
}

export interface JqlQuery {
  where?: JqlNode;
  orderBy: JqlSort[];
}

type Token = { type: 'word' | 'string' | 'op' | 'lparen' | 'rparen' | 'comma'; text: string; pos: number };

function tokenize(jql: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < jql.length) {
    const ch = jql.charAt(i);
    if (/\s/.test(ch)) {
      i += 1;
      continue;
    }
    if (ch === '(') tokens.push({ type: 'lparen', text: ch, pos: i++ });
    else if (ch === ')') tokens.push({ type: 'rparen', text: ch, pos: i++ });
    else if (ch === ',') tokens.push({ type: 'comma', text: ch, pos: i++ });
    else if (ch === '"' || ch === "'") {
      const start = i;
      let text = '';
      i += 1;
      while (i < jql.length && jql.charAt(i) !== ch) {
        if (jql.charAt(i) === '\\' && i + 1 < jql.length) i += 1;
        text += jql.charAt(i);
        i += 1;
      }
      if (i >= jql.length)
        throw new JqlError(`Error in the JQL Query: The quoted string starting at character ${start} is not terminated.`);
      i += 1;
      tokens.push({ type: 'string', text, pos: start });
    } else if ('=!~<>'.includes(ch)) {
      const two = jql.slice(i, i + 2);
      const op = ['!=', '!~', '>=', '<='].includes(two) ? two : ch;
      if (op === '!') throw new JqlError(`Error in the JQL Query: The character '!' at position ${i} is not valid.`);
      tokens.push({ type: 'op', text: op, pos: i });
      i += op.length;
    } else {
      const start = i;
      // cf[10001] is one word: brackets belong to the field reference.
      while (i < jql.length && /[^\s(),=!~<>"']/.test(jql.charAt(i))) i += 1;
      if (i === start) throw new JqlError(`Error in the JQL Query: The character '${ch}' at position ${i} is not valid.`);
      tokens.push({ type: 'word', text: jql.slice(start, i), pos: start });
    }
  }
  return tokens;
}

const RESERVED = new Set(['and', 'or', 'not', 'order', 'by', 'in', 'is', 'empty', 'null', 'asc', 'desc']);

class Parser {
  private index = 0;
  constructor(private readonly tokens: Token[]) {}

  private peek(offset = 0): Token | undefined {
    return this.tokens[this.index + offset];
  }
  private next(): Token | undefined {
    return this.tokens[this.index++];
  }
  private isWord(token: Token | undefined, word: string): boolean {
    return token?.type === 'word' && token.text.toLowerCase() === word;
  }
  private fail(expected: string): never {
    const token = this.peek();
    const found = token ? `'${token.text}' at position ${token.pos}` : 'the end of the query';
    throw new JqlError(`Error in the JQL Query: Expecting ${expected} but got ${found}.`);
  }

  parse(): JqlQuery {
    const query: JqlQuery = { orderBy: [] };
    if (this.peek() && !this.isWord(this.peek(), 'order')) query.where = this.parseOr();
    if (this.isWord(this.peek(), 'order')) {
      this.next();
      if (!this.isWord(this.next(), 'by')) this.fail("'by'");
      do {
        const field = this.next();
        if (!field || (field.type !== 'word' && field.type !== 'string')) this.fail('a field name');
        let direction: 'ASC' | 'DESC' = 'ASC';
        if (this.isWord(this.peek(), 'asc') || this.isWord(this.peek(), 'desc'))
          direction = this.next()!.text.toUpperCase() as 'ASC' | 'DESC';
        query.orderBy.push({ field: field.text, direction });
      } while (this.peek()?.type === 'comma' && this.next());
    }
    if (this.peek()) this.fail("'AND', 'OR' or 'ORDER BY'");
    return query;
  }

  private parseOr(): JqlNode {
    const items = [this.parseAnd()];
    while (this.isWord(this.peek(), 'or')) {
      this.next();
      items.push(this.parseAnd());
    }
    return items.length === 1 ? items[0]! : { kind: 'or', items };
  }

  private parseAnd(): JqlNode {
    const items = [this.parseNot()];
    while (this.isWord(this.peek(), 'and')) {
      this.next();
      items.push(this.parseNot());
    }
    return items.length === 1 ? items[0]! : { kind: 'and', items };
  }

  private parseNot(): JqlNode {
    if (this.isWord(this.peek(), 'not')) {
      this.next();
      return { kind: 'not', item: this.parseNot() };
    }
    if (this.peek()?.type === 'lparen') {
      this.next();
      const inner = this.parseOr();
      if (this.next()?.type !== 'rparen') this.fail("')'");
      return inner;
    }
    return this.parseClause();
  }

  private parseClause(): JqlNode {
    const fieldToken = this.next();
    if (
      !fieldToken ||
      (fieldToken.type !== 'word' && fieldToken.type !== 'string') ||
      (fieldToken.type === 'word' && RESERVED.has(fieldToken.text.toLowerCase()))
    ) {
      this.index -= fieldToken ? 1 : 0;
      this.fail('a field name');
    }
    const operator = this.parseOperator();
    if (operator === 'in' || operator === 'not in') {
      if (this.next()?.type !== 'lparen') this.fail("'(' after the IN operator");
      const values: JqlValue[] = [this.parseValue()];
      while (this.peek()?.type === 'comma') {
        this.next();
        values.push(this.parseValue());
      }
      if (this.next()?.type !== 'rparen') this.fail("')'");
      return { kind: 'clause', field: fieldToken.text, operator, values, list: true };
    }
    return { kind: 'clause', field: fieldToken.text, operator, values: [this.parseValue()], list: false };
  }

  private parseOperator(): JqlOperator {
    const token = this.next();
    if (token?.type === 'op') return token.text as JqlOperator;
    if (this.isWord(token, 'in')) return 'in';
    if (this.isWord(token, 'not') && this.isWord(this.peek(), 'in')) {
      this.next();
      return 'not in';
    }
    if (this.isWord(token, 'is')) {
      if (this.isWord(this.peek(), 'not')) {
        this.next();
        return 'is not';
      }
      return 'is';
    }
    this.index -= token ? 1 : 0;
    return this.fail('an operator (=, !=, ~, IN, NOT IN, IS, IS NOT, >, >=, <, <=)');
  }

  private parseValue(): JqlValue {
    const token = this.next();
    if (!token) return this.fail('a value');
    if (token.type === 'string') return { kind: 'text', text: token.text };
    if (token.type !== 'word') {
      this.index -= 1;
      return this.fail('a value');
    }
    const lower = token.text.toLowerCase();
    if (lower === 'empty' || lower === 'null') return { kind: 'empty' };
    if (this.peek()?.type === 'lparen') {
      this.next();
      const args: string[] = [];
      while (this.peek() && this.peek()!.type !== 'rparen') {
        const arg = this.next()!;
        if (arg.type !== 'comma') args.push(arg.text);
      }
      if (this.next()?.type !== 'rparen') this.fail("')'");
      return { kind: 'function', name: token.text, args };
    }
    if (RESERVED.has(lower)) {
      this.index -= 1;
      return this.fail('a value');
    }
    return { kind: 'text', text: token.text };
  }
}

export function parseJql(jql: string): JqlQuery {
  return new Parser(tokenize(jql)).parse();
}
