/**
 * Bicep through the tree-sitter Bicep grammar (tree-sitter-bicep's WASM build on web-tree-sitter): parse errors, and
 * the literal values of declarations, read off the syntax tree rather than out of the text.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { Language, Parser, type Node } from 'web-tree-sitter';

export const INFRA = join(__dirname, '../../../infra');

let parser: Parser | undefined;

async function bicepParser(): Promise<Parser> {
  if (parser) return parser;
  await Parser.init();
  const language = await Language.load(require.resolve('tree-sitter-bicep/tree-sitter-bicep.wasm'));
  parser = new Parser();
  parser.setLanguage(language);
  return parser;
}

export interface BicepFile {
  /** Path under infra/. */
  path: string;
  root: Node;
  /** `line:column node-text` of every ERROR or MISSING node. */
  errors: string[];
}

export function bicepPaths(dir = INFRA): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) =>
      entry.isDirectory()
        ? bicepPaths(join(dir, entry.name))
        : entry.name.endsWith('.bicep')
          ? [join(dir, entry.name)]
          : [],
    )
    .sort();
}

export async function parseBicep(path: string): Promise<BicepFile> {
  return parseBicepText(readFileSync(path, 'utf8'), relative(INFRA, path));
}

export async function parseBicepText(text: string, path = '(text)'): Promise<BicepFile> {
  const tree = (await bicepParser()).parse(text);
  if (!tree) throw new Error(`${path}: tree-sitter returned no tree`);
  const errors: string[] = [];
  const visit = (node: Node): void => {
    if (node.type === 'ERROR' || node.isMissing) {
      errors.push(
        `${node.startPosition.row + 1}:${node.startPosition.column + 1} ${node.isMissing ? `missing ${node.type}` : JSON.stringify(node.text.slice(0, 60))}`,
      );
    }
    for (const child of node.children) if (child) visit(child);
  };
  visit(tree.rootNode);
  return { path, root: tree.rootNode, errors };
}

export function descendants(node: Node, type: string): Node[] {
  const found: Node[] = [];
  const visit = (n: Node): void => {
    if (n.type === type) found.push(n);
    for (const child of n.namedChildren) if (child) visit(child);
  };
  visit(node);
  return found;
}

function named(node: Node): Node[] {
  return node.namedChildren.filter((n): n is Node => n !== null && n.type !== 'comment');
}

/** The declaration's name (first identifier child). */
export function declarationName(declaration: Node): string {
  const identifier = named(declaration).find((n) => n.type === 'identifier');
  if (!identifier) throw new Error(`${declaration.type} without a name at ${declaration.startPosition.row + 1}`);
  return identifier.text;
}

/** The value node of `var name = value` declarations, by name. */
export function variables(root: Node): Map<string, Node> {
  const vars = new Map<string, Node>();
  for (const declaration of named(root).filter((n) => n.type === 'variable_declaration')) {
    const [, value] = named(declaration);
    if (value) vars.set(declarationName(declaration), value);
  }
  return vars;
}

/** The body of `type name = ...` declarations, by name. */
export function types(root: Node): Map<string, Node> {
  const found = new Map<string, Node>();
  for (const declaration of named(root).filter((n) => n.type === 'type_declaration')) {
    const [, value] = named(declaration);
    if (value) found.set(declarationName(declaration), value);
  }
  return found;
}

/** The text of a string without interpolation; undefined for anything else. */
export function stringLiteral(node: Node): string | undefined {
  if (node.type !== 'string') return undefined;
  const parts = named(node);
  if (parts.some((p) => p.type !== 'string_content' && p.type !== 'escape_sequence')) return undefined;
  return parts
    .map((p) => (p.type === 'escape_sequence' ? (JSON.parse(`"${p.text.replace("\\'", "'")}"`) as string) : p.text))
    .join('');
}

export type Literal = string | number | boolean | null | Literal[] | { [key: string]: Literal };

/** A literal value (strings, numbers, booleans, arrays, objects, and variables holding them). Throws otherwise. */
export function literal(node: Node, vars: Map<string, Node> = new Map()): Literal {
  switch (node.type) {
    case 'string': {
      const text = stringLiteral(node);
      if (text === undefined) throw new Error(`not a literal string: ${node.text}`);
      return text;
    }
    case 'number':
      return Number(node.text);
    case 'boolean':
      return node.text === 'true';
    case 'null':
      return null;
    case 'array':
      return named(node).map((n) => literal(n, vars));
    case 'object':
      return Object.fromEntries(
        named(node)
          .filter((p) => p.type === 'object_property')
          .map((p) => [propertyKey(p), literal(propertyValue(p), vars)]),
      );
    case 'identifier': {
      const value = vars.get(node.text);
      if (!value) throw new Error(`not a variable of this file: ${node.text}`);
      return literal(value, vars);
    }
    default:
      throw new Error(`not a literal (${node.type}): ${node.text.slice(0, 80)}`);
  }
}

export function propertyKey(property: Node): string {
  const key = named(property)[0];
  if (!key) throw new Error(`object property without a key at ${property.startPosition.row + 1}`);
  return key.type === 'string' ? (stringLiteral(key) ?? key.text) : key.text;
}

export function propertyValue(property: Node): Node {
  const value = named(property)[1];
  if (!value) throw new Error(`object property without a value at ${property.startPosition.row + 1}`);
  return value;
}

/** The property `key` of an object node, or undefined. */
export function property(object: Node, key: string): Node | undefined {
  const found = named(object).find((p) => p.type === 'object_property' && propertyKey(p) === key);
  return found && propertyValue(found);
}

/** Follows `a.b.c` through nested objects. */
export function path(object: Node, ...keys: string[]): Node | undefined {
  let node: Node | undefined = object;
  for (const key of keys) node = node && node.type === 'object' ? property(node, key) : undefined;
  return node;
}

export interface Declaration {
  kind: 'resource' | 'module';
  name: string;
  /** `Microsoft.X/y@version` for resources, the module path for modules. */
  target: string;
  /** The body object, looking through `[for ...: ...]` and `if (...)`. */
  body: Node;
  /** The `for` loop's iterable (e.g. `operationFilterGroups`), when the declaration is a loop. */
  loopOver?: string;
  /** The loop variable, when the declaration is a loop. */
  loopVariable?: string;
  /** The loop's index variable (`for (item, i) in ...`), when it has one. */
  loopIndex?: string;
}

export function declarations(root: Node): Declaration[] {
  return named(root)
    .filter((n) => n.type === 'resource_declaration' || n.type === 'module_declaration')
    .map((declaration) => {
      const parts = named(declaration);
      const target = parts.find((p) => p.type === 'string');
      const value = parts[parts.length - 1];
      if (!target || !value)
        throw new Error(`${declaration.type} at ${declaration.startPosition.row + 1}: expected a type and a body`);
      const result: Declaration = {
        kind: declaration.type === 'resource_declaration' ? 'resource' : 'module',
        name: declarationName(declaration),
        target: stringLiteral(target) ?? target.text,
        body: value,
      };
      let body = value;
      if (body.type === 'array') body = named(body)[0] ?? body;
      if (body.type === 'for_statement') {
        const loopParts = named(body);
        const variable = loopParts[0];
        result.loopVariable = variable?.type === 'for_loop_parameters' ? named(variable)[0]?.text : variable?.text;
        const index = variable?.type === 'for_loop_parameters' ? named(variable)[1]?.text : undefined;
        if (index) result.loopIndex = index;
        result.loopOver = loopParts[1]?.text;
        body = body.childForFieldName('body') ?? loopParts[loopParts.length - 1] ?? body;
      }
      if (body.type === 'if_statement') body = named(body).find((n) => n.type === 'object') ?? body;
      result.body = body;
      return result;
    });
}

export interface Parameter {
  name: string;
  /** The default value node, when there is one. */
  defaultValue?: Node;
  decorators: string[];
}

/** `param` declarations with their decorators (the `decorators` node tree-sitter puts just before each). */
export function parameters(root: Node): Parameter[] {
  const found: Parameter[] = [];
  let pending: string[] = [];
  for (const node of named(root)) {
    if (node.type === 'decorators') {
      pending = decoratorNames(node);
      continue;
    }
    if (node.type === 'parameter_declaration') {
      const parts = named(node);
      const value = parts.length > 2 ? parts[parts.length - 1] : undefined;
      found.push({ name: declarationName(node), decorators: pending, ...(value ? { defaultValue: value } : {}) });
    }
    pending = [];
  }
  return found;
}

/** The argument of a parameter's decorator (`@allowed([...])` gives the array node), or undefined. */
export function decoratorArgument(root: Node, parameterName: string, decoratorName: string): Node | undefined {
  let pending: Node[] = [];
  for (const node of named(root)) {
    if (node.type === 'decorators') {
      pending = descendants(node, 'decorator');
      continue;
    }
    if (node.type === 'parameter_declaration' && declarationName(node) === parameterName) {
      const call = pending
        .map((decorator) => named(decorator)[0])
        .find((c) => c?.childForFieldName('function')?.text === decoratorName);
      return call && named(call.childForFieldName('arguments') ?? call)[0];
    }
    pending = [];
  }
  return undefined;
}

/** Names of the functions every call in the tree makes (`listKeys`, `resourceId`, `sys.guid` as `guid`, `x.listKeys`). */
export function calledFunctions(root: Node): string[] {
  return descendants(root, 'call_expression').map((call) => {
    const fn = call.childForFieldName('function');
    if (!fn) return '';
    if (fn.type === 'member_expression') return fn.childForFieldName('property')?.text ?? fn.text;
    return fn.text;
  });
}

/** Decorator names on the file's declarations (`secure`, `description`, ...). */
export function decoratorNames(root: Node): string[] {
  return descendants(root, 'decorator').map((decorator) => {
    const call = named(decorator)[0];
    const fn = call?.childForFieldName('function');
    if (!fn) return call?.text ?? '';
    return fn.type === 'member_expression' ? (fn.childForFieldName('property')?.text ?? fn.text) : fn.text;
  });
}

/** Every string content in the file (literal parts of interpolated strings included). */
export function stringContents(root: Node): string[] {
  return descendants(root, 'string_content').map((n) => n.text);
}
