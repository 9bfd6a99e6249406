import { type Handler, text } from './reply';

export const diagnosticCategories: Handler = ({ diagnostics }) => ({ status: 200, json: diagnostics.categories() });

export const diagnosticIds: Handler = ({ diagnostics, query }) => {
  if (!query.category) {
    return text(400, 'diagnostic_ids: no category specified');
  }
  const ids = diagnostics.ids(query.category);

  return ids ? { status: 200, json: ids } : text(404, `No diagnostic checks found in category ${ query.category }`);
};

export const diagnosticChecks: Handler = ({ diagnostics, query }) => ({ status: 200, json: diagnostics.report(query.category, query.id) });

export const runDiagnostics: Handler = async({ diagnostics }) => {
  await diagnostics.runAll();

  return { status: 200, json: diagnostics.report() };
};
