import { type Handler, parseJson, text } from './reply';

// Subsystems that are not part of this build yet answer with an honest error (never a fake
// success), after the input checks Rancher Desktop makes before reaching the subsystem.
const notYet = (what: string) => text(501, `${ what } not available yet in this version of Rancher Desktop.`);

export const listSnapshots: Handler = () => notYet('Snapshots are');

export const createSnapshot: Handler = ({ body }) => {
  const parsed = parseJson(body);
  const name = parsed.ok ? (parsed.value as { name?: unknown } | null)?.name : undefined;

  if (!name) {
    return text(400, 'The name field is required');
  }

  return notYet('Snapshots are');
};

export const deleteSnapshot: Handler = () => notYet('Snapshots are');
export const restoreSnapshot: Handler = () => notYet('Snapshots are');
export const cancelSnapshot: Handler = () => notYet('Snapshots are');

const extensionsNotReady = () => text(503, 'Extension manager is not ready yet.');

export const listExtensions: Handler = extensionsNotReady;

export const installExtension: Handler = ({ query }) => (query.id ? extensionsNotReady() : text(400, 'Invalid extension id'));

export const uninstallExtension: Handler = ({ query }) => (query.id ? extensionsNotReady() : text(400, 'Invalid extension id'));
