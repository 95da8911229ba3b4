// The settings' values in words, as the settings page says them.

const joinWords = (words: string[]) =>
  words.length < 2 ? words.join('') : `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}`;

/** [30, 7, 1] → "30, 7 and 1 days"; [1] → "1 day". */
export const daysInWords = (days: number[]) =>
  `${joinWords(days.map(String))} ${days.length === 1 && days[0] === 1 ? 'day' : 'days'}`;
