import { mountApp } from '../../shared/mount';
import { PriorityPanel } from './App';
import { priorityPanelApi } from './api';

// The view call leaves as soon as the bundle runs, before React's first render and the theme
// set-up: the resolver's round trip overlaps them instead of following them.
mountApp(<PriorityPanel firstView={priorityPanelApi.view()} />);
