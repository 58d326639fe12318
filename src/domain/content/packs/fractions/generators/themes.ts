/**
 * Word-problem contexts. Each theme tells the same mathematical situations with its own nouns,
 * so a student who loves space gets rocket fuel and one who loves music gets practice time,
 * while the mathematics (and the item class) stay the same.
 */
export type Theme = 'sports' | 'music' | 'space' | 'cooking';
export const THEMES: readonly Theme[] = ['sports', 'music', 'space', 'cooking'];

export interface Stories {
  names: readonly string[];
  /** The unit in which add/sub answers are given, e.g. "kilometre". */
  unit: string;
  add(name: string, a: string, b: string): string;
  sub(name: string, a: string, b: string): string;
  /** Take a fraction of a group of `total` things; answer is a count. */
  ofGroup(fraction: string, total: number): { prompt: string; unit: string };
  /** How many portions of size `part` fit into `total` units. */
  fit(name: string, total: string, part: string): { prompt: string; unit: string };
  /** A fraction of a fraction: "half of the 3/4 tank". */
  ofFraction(name: string, f: string, of: string): string;
}

export const STORIES: Record<Theme, Stories> = {
  sports: {
    names: ['Aisha', 'Leo', 'Mina', 'Tom', 'Priya', 'Kofi'],
    unit: 'kilometre',
    add: (n, a, b) =>
      `${n} ran ${a} of a kilometre before school and ${b} of a kilometre after school. How far did ${n} run altogether, in kilometres?`,
    sub: (n, a, b) =>
      `The cross-country course is ${a} of a kilometre long. ${n} has already run ${b} of a kilometre. How much further is it to the finish, in kilometres?`,
    ofGroup: (f, t) => ({
      prompt: `There are ${t} players in the football club. ${f} of them scored a goal this season. How many players scored?`,
      unit: 'players',
    }),
    fit: (n, t, p) => ({
      prompt: `${n} has ${t} litres of sports drink. Each water bottle holds ${p} of a litre. How many bottles can ${n} fill?`,
      unit: 'bottles',
    }),
    ofFraction: (n, f, o) =>
      `${n}'s team trains on ${o} of the field. Today they use only ${f} of that part for passing drills. What fraction of the whole field is used for passing drills?`,
  },
  music: {
    names: ['Ana', 'Sam', 'Yuki', 'Omar', 'Ella', 'Ravi'],
    unit: 'hour',
    add: (n, a, b) =>
      `${n} practised piano for ${a} of an hour on Monday and ${b} of an hour on Tuesday. How many hours is that altogether?`,
    sub: (n, a, b) =>
      `The band rehearsal lasts ${a} of an hour. After ${b} of an hour, ${n} checks the clock. How much of an hour is left?`,
    ofGroup: (f, t) => ({
      prompt: `There are ${t} children in the school choir. ${f} of them also play the drums. How many children play the drums?`,
      unit: 'children',
    }),
    fit: (n, t, p) => ({
      prompt: `${n}'s recording session lasts ${t} hours. Each take of the song needs ${p} of an hour. How many takes fit into the session?`,
      unit: 'takes',
    }),
    ofFraction: (n, f, o) =>
      `${o} of the songs in ${n}'s concert are sung by the choir. ${f} of the choir's songs are in Spanish. What fraction of all the songs in the concert are Spanish choir songs?`,
  },
  space: {
    names: ['Captain Zara', 'Commander Ben', 'Dr Lin', 'Pilot Max', 'Cadet Noor', 'Engineer Ivo'],
    unit: 'tank',
    add: (n, a, b) =>
      `${n}'s rocket burned ${a} of a fuel tank to leave Earth and ${b} of a tank to reach the Moon. How many tanks of fuel did it burn altogether?`,
    sub: (n, a, b) =>
      `${n}'s lander has ${a} of a tank of fuel. Landing on Mars uses ${b} of a tank. How much of a tank is left after landing?`,
    ofGroup: (f, t) => ({
      prompt: `There are ${t} astronauts on the space station. ${f} of them have been on a spacewalk. How many astronauts have been on a spacewalk?`,
      unit: 'astronauts',
    }),
    fit: (n, t, p) => ({
      prompt: `${n} has ${t} tanks of fuel. Each small engine burn uses ${p} of a tank. How many engine burns can the ship make?`,
      unit: 'burns',
    }),
    ofFraction: (n, f, o) =>
      `${o} of ${n}'s space station is living quarters. ${f} of the living quarters is the kitchen. What fraction of the whole station is the kitchen?`,
  },
  cooking: {
    names: ['Grandma Rosa', 'Chef Ade', 'Maya', 'Jonas', 'Lucia', 'Hamid'],
    unit: 'cup',
    add: (n, a, b) => `${n} puts ${a} of a cup of flour into the bowl, then ${b} of a cup more. How many cups of flour are in the bowl?`,
    sub: (n, a, b) => `${n} has ${a} of a cup of milk and pours ${b} of a cup into the pancake batter. How much of a cup of milk is left?`,
    ofGroup: (f, t) => ({
      prompt: `There are ${t} muffins on the tray. ${f} of them have blueberries. How many muffins have blueberries?`,
      unit: 'muffins',
    }),
    fit: (n, t, p) => ({
      prompt: `${n} has ${t} cups of flour. One batch of pancakes needs ${p} of a cup. How many batches can ${n} make?`,
      unit: 'batches',
    }),
    ofFraction: (n, f, o) =>
      `${n} has ${o} of a pizza left. ${n} eats ${f} of what is left. What fraction of the whole pizza does ${n} eat?`,
  },
};

/** The requested theme if it is known, otherwise one drawn from the seed. */
export function chooseTheme(requested: string | undefined, pick: (t: readonly Theme[]) => Theme): Theme {
  return THEMES.includes(requested as Theme) ? (requested as Theme) : pick(THEMES);
}
