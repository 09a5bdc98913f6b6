// Sidebar page entry: styles plus the live dashboard (see app.ts).
import './sidebar.css';
import { startSidebar } from './app';

const root = document.getElementById('app');
if (root) startSidebar(root);
