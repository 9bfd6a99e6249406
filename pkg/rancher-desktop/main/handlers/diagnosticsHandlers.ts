import { UserError } from '@pkg/utils/errors';

import { diagnosticIds as idsOf, diagnosticReport, runDiagnostics as runAll } from '../operations/diagnosticsOps';

import { type Handler, text } from './reply';

export const diagnosticCategories: Handler = ({ diagnostics }) => ({ status: 200, json: diagnostics.categories() });

export const diagnosticIds: Handler = ({ diagnostics, query }) => {
  try {
    return { status: 200, json: idsOf(diagnostics, query.category) };
  } catch (error) {
    if (error instanceof UserError) {
      return error.code === 'not-found' ? text(404, error.message) : text(400, `diagnostic_ids: ${ error.message }`);
    }
    throw error;
  }
};

export const diagnosticChecks: Handler = ({ diagnostics, query }) => ({ status: 200, json: diagnosticReport(diagnostics, query.category, query.id) });

export const runDiagnostics: Handler = async({ diagnostics }) => ({ status: 200, json: await runAll(diagnostics) });
