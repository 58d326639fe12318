/**
 * BKT parameters per skill for the policy: pack defaults (one guess/slip per item class the skill
 * uses) or a course refit, and the lookup of an item class's emission index.
 */
import { listSkills } from '../content/index.ts';
import type { Pack } from '../content/index.ts';
import type { BktParams } from '../mastery/index.ts';
import type { SkillParams } from './types.ts';

/**
 * Builds each skill's parameters from the pack: prior/learn/forget from the skill's defaults and
 * one guess/slip per item class its items use (class names in `classes.gs`), so predictions use
 * the item class as KT-IDEM does. Use it until a course refit replaces a skill's entry.
 */
export function paramsFromPack(pack: Pack): SkillParams {
  const out: SkillParams = {};
  for (const s of listSkills(pack)) {
    const classes = s.itemClasses.length > 0 ? s.itemClasses : [{ id: 'default', guess: s.bkt.guess, slip: s.bkt.slip }];
    out[s.id] = {
      prior: s.bkt.prior,
      learns: [s.bkt.learn],
      forgets: [s.bkt.forget],
      guesses: classes.map((c) => c.guess),
      slips: classes.map((c) => c.slip),
      classes: { gs: classes.map((c) => c.id), learn: ['default'] },
    };
  }
  return out;
}

const ITEM_KEY = 'item:';

/**
 * The emission class name of one item in fitted parameters. A course refit fits guess and slip per
 * item (KT-IDEM: item difficulty from data) when the item has enough students, under this name;
 * other items keep their class's entry.
 */
export function itemEmissionKey(itemId: string): string {
  return `${ITEM_KEY}${itemId}`;
}

/** The item id of an emission class name made by itemEmissionKey, else undefined (a class name). */
export function itemOfEmissionKey(name: string): string | undefined {
  return name.startsWith(ITEM_KEY) ? name.slice(ITEM_KEY.length) : undefined;
}

/** Parameters plus the gs index to use for an item class (appending the pack's class if a refit lacks it). */
export interface Emission {
  params: BktParams;
  gsClass: number;
}

const fallbackCache = new WeakMap<BktParams, Map<string, BktParams>>();

/**
 * Resolves an item to an emission index: the item's own fitted guess/slip when a refit has them,
 * else its class's. A course refit may not have seen a class: then the pack's guess/slip for that
 * class is appended (cached), so a missing class never crashes or silently borrows another class's
 * guess rate.
 */
export function emissionFor(pack: Pack, params: SkillParams, skillId: string, itemClass: string, itemId?: string): Emission {
  const p = params[skillId];
  if (!p) throw new RangeError(`no BKT parameters for skill ${skillId}`);
  const names = p.classes?.gs;
  if (!names) return { params: p, gsClass: 0 };
  if (itemId !== undefined) {
    const own = names.indexOf(itemEmissionKey(itemId));
    if (own >= 0 && own < p.guesses.length) return { params: p, gsClass: own };
  }
  const idx = names.indexOf(itemClass);
  if (idx >= 0 && idx < p.guesses.length) return { params: p, gsClass: idx };
  let cache = fallbackCache.get(p);
  if (!cache) {
    cache = new Map();
    fallbackCache.set(p, cache);
  }
  let ext = cache.get(itemClass);
  if (!ext) {
    const cls = pack.itemClasses[itemClass];
    const meanGuess = p.guesses.reduce((a, b) => a + b, 0) / Math.max(1, p.guesses.length);
    const meanSlip = p.slips.reduce((a, b) => a + b, 0) / Math.max(1, p.slips.length);
    ext = { ...p, guesses: [...p.guesses, cls?.guess ?? meanGuess], slips: [...p.slips, cls?.slip ?? meanSlip] };
    cache.set(itemClass, ext);
  }
  return { params: ext, gsClass: ext.guesses.length - 1 };
}
