/**
 * The fractions pack's generator registry. Items refer to these by name (`generator.name`) and
 * pass parameters (`generator.params`), so one generator can serve several skills.
 */
import type { GeneratorRegistry } from '../../../types.ts';
import { fractionExpression, fractionOfAmount, howManyFit, ratioFromStory, wordAddSub, wordMixedChoice, wordMultiply } from './applied.ts';
import * as meaning from './meaning.ts';
import * as equivalence from './equivalence.ts';
import { compareChoice, compareSymbol, compareUnitFractions, improperToMixed, mixedBetweenWholes, mixedToImproper } from './compare.ts';
import * as visual from './visual.ts';
import { calculate, calculateChoice, missingNumerator } from './operations.ts';

export const fractionsGenerators: GeneratorRegistry = Object.freeze({
  'name-the-fraction': meaning.nameTheFraction,
  'fraction-of-set': meaning.fractionOfSet,
  'equal-parts': meaning.equalPartsTrueFalse,
  'number-line-point': meaning.numberLinePoint,
  'between-benchmarks': meaning.betweenBenchmarks,
  'order-fractions': meaning.orderOnLine,
  'equivalent-missing': equivalence.equivalentMissing,
  'equivalent-choice': equivalence.equivalentChoice,
  'equivalent-true-false': equivalence.equivalentTrueFalse,
  simplify: equivalence.simplify,
  'greatest-common-factor': equivalence.greatestCommonFactor,
  'simplify-choice': equivalence.simplifyChoice,
  'compare-choice': compareChoice,
  'compare-symbol': compareSymbol,
  'compare-unit-fractions': compareUnitFractions,
  'mixed-to-improper': mixedToImproper,
  'improper-to-mixed': improperToMixed,
  'mixed-between-wholes': mixedBetweenWholes,
  calculate: calculate,
  'calculate-choice': calculateChoice,
  'missing-numerator': missingNumerator,
  'word-add-sub': wordAddSub,
  'fraction-of-amount': fractionOfAmount,
  'how-many-fit': howManyFit,
  'word-multiply': wordMultiply,
  'fraction-expression': fractionExpression,
  'ratio-from-story': ratioFromStory,
  'word-mixed-choice': wordMixedChoice,
  'shade-fraction': visual.shadeFraction,
  'place-on-line': visual.placeOnLine,
  'name-from-picture': visual.nameFromPicture,
  'read-number-line': visual.readNumberLine,
  'compare-pictures': visual.comparePictures,
  'shade-sum': visual.shadeSum,
  'shade-mixed': visual.shadeMixed,
  'equivalent-picture': visual.equivalentPicture,
});
