import { mountApp } from '../../shared/mount';
import { PriorityPanel } from './App';

mountApp(<PriorityPanel />);
