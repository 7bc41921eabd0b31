import { mountApp } from '../../shared/mount';
import { AdminPage } from './App';

mountApp(<AdminPage />);
