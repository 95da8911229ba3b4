import type {
  ClientService,
  ClientServiceHistory,
  ClientServiceList,
  ClientServiceOutcome,
  ClientServicePage,
  Reactivation,
  SuspendedCounts,
} from './client-service.answers';

/** The client-service service's internal API, route by route (below `/issuers/:issuerId`), with what each answers. */
export interface ClientServiceServiceRoutes {
  'GET /client-services': ClientServicePage;
  'GET /suspended-client-services': SuspendedCounts;
  'POST /client-services': ClientServiceOutcome;
  'GET /client-services/:id': ClientService;
  'GET /client-services/:id/history': ClientServiceHistory;
  'PUT /client-services/:id/status': ClientServiceOutcome;
  'GET /certificates/:certificateId/client-services': ClientServiceList;
  'POST /certificates/:certificateId/reactivations': Reactivation;
}
