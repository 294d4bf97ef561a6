import React from 'react';
import { Route, Routes } from 'react-router-dom';
import { AppRootProps } from '@grafana/data';
import { ROUTES } from '../../constants';

const Catalog = React.lazy(() => import('../../pages/Catalog'));
const Overview = React.lazy(() => import('../../pages/Overview'));
const KpiPage = React.lazy(() => import('../../pages/KpiPage'));

function App(_props: AppRootProps) {
  return (
    <Routes>
      <Route path={ROUTES.Catalog} element={<Catalog />} />
      <Route path="overview" element={<Overview />} />
      <Route path="kpi/:kpiId" element={<KpiPage />} />
      {/* Default page */}
      <Route path="*" element={<Catalog />} />
    </Routes>
  );
}

export default App;
