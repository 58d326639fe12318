/**
 * The content code's own sentences for students (why an answer could not be read, what form to
 * write it in, a figure's text alternative) are never written here: the domain returns a catalog
 * key and its values, and the page renders it in the student's language from
 * `locales/<lang>/student.json`. This list names every key with the values it takes, so a test
 * can prove each catalog has every key with the same values (a new language is translation only).
 */

/** Catalog key -> the names of the values its sentence uses (`count` also picks a plural form). */
export const MESSAGES = {
  'check.lookAgain': [],
  'check.cannotCheck': [],
  'check.typeAnswer': [],
  'check.empty': [],
  'check.tooLong': [],
  'check.notANumber': [],
  'check.chooseOne': [],
  'check.onlyOne': [],
  'check.chooseRelation': [],
  'check.trueOrFalse': [],
  'check.placePoint': [],
  'check.chooseParts': [],
  'check.orderAll': [],
  'check.inPlace': ['right', 'total'],
  'check.matchAll': [],
  'check.matchesRight': ['right', 'total'],
  'check.fractionTooLong': [],
  'check.zeroDenominator': [],
  'check.zeroRatio': [],
  'check.writeFraction': [],
  'check.asRatio': [],
  'check.simplifyRatio': [],
  'check.notRatio': [],
  'check.notDecimal': [],
  'check.simplest': [],
  'check.asMixed': [],
  'check.simplifyPart': [],
  'check.mixedPart': [],
  'check.asImproper': [],
  'check.unknownUnit': ['unit'],
  'check.justNumber': [],
  'check.typeNumber': [],
  'check.divideByZero': [],
  'check.unreadableNumber': [],
  'check.rememberUnit': ['unit'],
  'check.exprTooLong': [],
  'check.exprEmpty': [],
  'check.exprInvalid': [],
  'check.exprTooComplicated': [],
  'check.exprOnlyNumbers': [],
  'check.exprUnknownLetter': ['name'],
  'check.exprOperator': ['op'],
  'check.exprFunction': ['name'],
  'check.exprKind': [],
  'check.exprNotEnough': [],
  'figure.bar': ['count', 'parts', 'shaded'],
  'figure.circle': ['count', 'parts', 'shaded'],
  'figure.grid': ['total', 'rows', 'cols', 'shaded'],
  'figure.line': ['min', 'max', 'divisions'],
  'figure.linePoints': ['min', 'max', 'divisions', 'points'],
} as const satisfies Record<string, readonly string[]>;

export type MessageKey = keyof typeof MESSAGES;
type Names<K extends MessageKey> = (typeof MESSAGES)[K][number];

/** A sentence for the student, to be rendered from the catalogs in their language. */
export interface Message {
  key: MessageKey;
  values?: Record<string, string | number>;
}

/** Renders a message (the presenter passes one bound to the student's language). */
export type Words = (m: Message) => string;

/** A message with exactly the values its key declares (checked by TypeScript). */
export function msg<K extends MessageKey>(key: K, ...values: Names<K> extends never ? [] : [Record<Names<K>, string | number>]): Message {
  const v = values[0];
  return v ? { key, values: v } : { key };
}

export const isMessage = (x: unknown): x is Message =>
  !!x && typeof x === 'object' && typeof (x as Message).key === 'string' && Object.hasOwn(MESSAGES, (x as Message).key);
