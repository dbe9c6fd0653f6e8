import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App.tsx';
import { markOpenMilestone } from './app/open-milestones.ts';
import './styles/tokens.css';
import './styles/app.css';

markOpenMilestone('app-script');
const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
}
