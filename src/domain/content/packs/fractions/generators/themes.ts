/**
 * Word-problem contexts. Each theme tells the same mathematical situations with its own nouns,
 * so a student who loves space gets rocket fuel and one who loves music gets practice time,
 * while the mathematics (and the item class) stay the same. The stories are phrases (English
 * here, other languages in the pack's translations) keyed `story.<theme>.<situation>`.
 */
import type { Say } from '../../../types.ts';

export type Theme = 'sports' | 'music' | 'space' | 'cooking';
export const THEMES: readonly Theme[] = ['sports', 'music', 'space', 'cooking'];

/** The situations every theme tells; {{name}}, {{a}}, {{b}}, {{f}}, {{of}}, {{total}}, {{part}} are filled in. */
type Situation = 'add' | 'sub' | 'ofGroup' | 'ofGroupUnit' | 'fit' | 'fitUnit' | 'ofFraction' | 'ratio';

interface Told {
  /** Six names (same count in every theme, so the draw does not depend on the theme). */
  names: readonly string[];
  text: Record<Situation, string>;
}

const STORIES: Record<Theme, Told> = {
  sports: {
    names: ['Aisha', 'Leo', 'Mina', 'Tom', 'Priya', 'Kofi'],
    text: {
      add: '{{name}} ran {{a}} of a kilometre before school and {{b}} of a kilometre after school. How far did {{name}} run altogether, in kilometres?',
      sub: 'The cross-country course is {{a}} of a kilometre long. {{name}} has already run {{b}} of a kilometre. How much further is it to the finish, in kilometres?',
      ofGroup: 'There are {{total}} players in the football club. {{f}} of them scored a goal this season. How many players scored?',
      ofGroupUnit: 'players|player',
      fit: '{{name}} has {{total}} litres of sports drink. Each water bottle holds {{part}} of a litre. How many bottles can {{name}} fill?',
      fitUnit: 'bottles|bottle',
      ofFraction:
        "{{name}}'s team trains on {{of}} of the field. Today they use only {{f}} of that part for passing drills. What fraction of the whole field is used for passing drills?",
      ratio: 'A team has {{a}} forwards and {{b}} defenders. Write the ratio of forwards to defenders in simplest form.',
    },
  },
  music: {
    names: ['Ana', 'Sam', 'Yuki', 'Omar', 'Ella', 'Ravi'],
    text: {
      add: '{{name}} practised piano for {{a}} of an hour on Monday and {{b}} of an hour on Tuesday. How many hours is that altogether?',
      sub: 'The band rehearsal lasts {{a}} of an hour. After {{b}} of an hour, {{name}} checks the clock. How much of an hour is left?',
      ofGroup: 'There are {{total}} children in the school choir. {{f}} of them also play the drums. How many children play the drums?',
      ofGroupUnit: 'children|child',
      fit: "{{name}}'s recording session lasts {{total}} hours. Each take of the song needs {{part}} of an hour. How many takes fit into the session?",
      fitUnit: 'takes|take',
      ofFraction:
        "{{of}} of the songs in {{name}}'s concert are sung by the choir. {{f}} of the choir's songs are in Spanish. What fraction of all the songs in the concert are Spanish choir songs?",
      ratio: 'An orchestra has {{a}} violins and {{b}} cellos. Write the ratio of violins to cellos in simplest form.',
    },
  },
  space: {
    names: ['Captain Zara', 'Commander Ben', 'Dr Lin', 'Pilot Max', 'Cadet Noor', 'Engineer Ivo'],
    text: {
      add: "{{name}}'s rocket burned {{a}} of a fuel tank to leave Earth and {{b}} of a tank to reach the Moon. How many tanks of fuel did it burn altogether?",
      sub: "{{name}}'s lander has {{a}} of a tank of fuel. Landing on Mars uses {{b}} of a tank. How much of a tank is left after landing?",
      ofGroup:
        'There are {{total}} astronauts on the space station. {{f}} of them have been on a spacewalk. How many astronauts have been on a spacewalk?',
      ofGroupUnit: 'astronauts|astronaut',
      fit: '{{name}} has {{total}} tanks of fuel. Each small engine burn uses {{part}} of a tank. How many engine burns can the ship make?',
      fitUnit: 'burns|burn',
      ofFraction:
        "{{of}} of {{name}}'s space station is living quarters. {{f}} of the living quarters is the kitchen. What fraction of the whole station is the kitchen?",
      ratio: 'A crew has {{a}} pilots and {{b}} scientists. Write the ratio of pilots to scientists in simplest form.',
    },
  },
  cooking: {
    names: ['Grandma Rosa', 'Chef Ade', 'Maya', 'Jonas', 'Lucia', 'Hamid'],
    text: {
      add: '{{name}} puts {{a}} of a cup of flour into the bowl, then {{b}} of a cup more. How many cups of flour are in the bowl?',
      sub: '{{name}} has {{a}} of a cup of milk and pours {{b}} of a cup into the pancake batter. How much of a cup of milk is left?',
      ofGroup: 'There are {{total}} muffins on the tray. {{f}} of them have blueberries. How many muffins have blueberries?',
      ofGroupUnit: 'muffins|muffin',
      fit: '{{name}} has {{total}} cups of flour. One batch of pancakes needs {{part}} of a cup. How many batches can {{name}} make?',
      fitUnit: 'batches|batch',
      ofFraction:
        '{{name}} has {{of}} of a pizza left. {{name}} eats {{f}} of what is left. What fraction of the whole pizza does {{name}} eat?',
      ratio: 'A recipe uses {{a}} cups of flour and {{b}} cups of milk. Write the ratio of flour to milk in simplest form.',
    },
  },
};

/** One situation told in the theme, in the language of `say`. */
export function story(say: Say, theme: Theme, situation: Situation, values: Record<string, string | number> = {}): string {
  return say(`story.${theme}.${situation}`, STORIES[theme].text[situation], values);
}

/** A character of the theme (index drawn from the seed), in the language of `say` (titles translate). */
export function storyName(say: Say, theme: Theme, index: number): string {
  const names = STORIES[theme].names;
  const i = ((index % names.length) + names.length) % names.length;
  return say(`story.${theme}.name${i + 1}`, names[i] as string);
}

/** How many names each theme has (the same for every theme). */
export const NAME_COUNT = 6;

/** The accepted units of a story answer: a phrase listing spellings separated by "|". */
export const unitsOf = (phrase: string): { unit: string }[] =>
  phrase
    .split('|')
    .map((u) => u.trim())
    .filter(Boolean)
    .map((unit) => ({ unit }));

/**
 * The requested theme if it is known, otherwise one drawn from the seed. The draw is made either
 * way, so the numbers of a variant do not depend on the theme (a student who changes interests
 * while a question is on screen still has the same right answer).
 */
export function chooseTheme(requested: string | undefined, pick: (t: readonly Theme[]) => Theme): Theme {
  const drawn = pick(THEMES);
  return THEMES.includes(requested as Theme) ? (requested as Theme) : drawn;
}
