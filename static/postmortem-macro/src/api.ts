export { postmortemApi, type PostmortemApi } from '../../shared/postmortem-api';
