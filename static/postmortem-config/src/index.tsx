import { mountApp } from '../../shared/mount';
import { PostmortemConfig } from './App';

mountApp(<PostmortemConfig />);
