import React from 'react';
import { Route, Routes } from 'react-router-dom';
import { AppRootProps } from '@grafana/data';
import { ROUTES } from '../../constants';

const Catalog = React.lazy(() => import('../../pages/Catalog'));

function App(_props: AppRootProps) {
  return (
    <Routes>
      <Route path={ROUTES.Catalog} element={<Catalog />} />
      {/* Default page */}
      <Route path="*" element={<Catalog />} />
    </Routes>
  );
}

export default App;
