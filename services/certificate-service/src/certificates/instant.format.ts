// Dates inside the messages an operator reads, written as the web UI writes them (web/src/ui/format.ts):
// a day the API stores as midnight UTC is that day ("03 Dec 2027"); any other instant keeps its time
// and says its zone ("03 Dec 2027, 11:32 UTC"), since a message cannot know the reader's zone.
const day = new Intl.DateTimeFormat('en-GB', { day: '2-digit', month: 'short', year: 'numeric', timeZone: 'UTC' });
const time = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', timeZone: 'UTC' });

export function formatInstant(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const midnight = date.getUTCHours() === 0 && date.getUTCMinutes() === 0 && date.getUTCSeconds() === 0;
  return midnight ? day.format(date) : `${day.format(date)}, ${time.format(date)} UTC`;
}
