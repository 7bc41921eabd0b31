import { mountApp } from '../../shared/mount';
import { PostmortemMacro } from './App';

mountApp(<PostmortemMacro />);
