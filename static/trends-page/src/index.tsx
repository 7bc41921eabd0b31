import { mountApp } from '../../shared/mount';
import { TrendsPage } from './App';

mountApp(<TrendsPage />);
