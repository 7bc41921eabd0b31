import Resolver from '@forge/resolver';
import { COMMUNICATION_RESOLVER_KEYS } from '../../contracts/communication';
import { defineCommunicationPanelResolvers } from './communication-resolver';
import { priorityPanelResolver } from './priority-panel-resolver';

/**
 * The incident issue panel is one module with one resolver function; it now answers for the
 * priority part and the communication section. Calls with a communication key go to the
 * communication definitions, all others to the priority panel's, as the admin page does for its features.
 */
const communicationDefinitions = defineCommunicationPanelResolvers(new Resolver()).getDefinitions();
const communicationKeys: ReadonlySet<string> = new Set([
  COMMUNICATION_RESOLVER_KEYS.view,
  COMMUNICATION_RESOLVER_KEYS.post,
  COMMUNICATION_RESOLVER_KEYS.takeRole,
]);

type Definitions = ReturnType<Resolver['getDefinitions']>;

/** manifest: function `priority-panel-resolver` → `index.incidentPanelResolver`. */
export const incidentPanelResolver: Definitions = (request, backendRuntimePayload) =>
  communicationKeys.has(request.call.functionKey)
    ? communicationDefinitions(request, backendRuntimePayload)
    : priorityPanelResolver(request, backendRuntimePayload);
