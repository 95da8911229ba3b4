import { createBrowserRouter, Navigate } from 'react-router';
import { RequireSession } from './session/session';
import { AppLayout } from './layout/app-layout';
import { LoginPage } from './session/login.page';
import { CertificateListPage } from './certificates/certificate-list.page';
import { RegisterCertificatePage } from './certificates/register-certificate.page';
import { AddCertificatePage } from './certificates/add-certificate.page';
import { CaReturnPage } from './certificates/ca-return.page';
import { CertificateDetailsPage } from './certificates/details/certificate-details.page';
import { ClientServicesPage } from './client-services/client-services.page';
import { ClientServiceDetailsPage } from './client-services/client-service-details.page';
import { NotFoundPage } from './layout/not-found.page';
import { AttentionPage } from './attention/attention.page';
import { SettingsPage } from './settings/settings.page';

export const router = createBrowserRouter([
  { path: '/login', element: <LoginPage /> },
  {
    path: '/',
    element: <RequireSession>{(operator) => <AppLayout operator={operator} />}</RequireSession>,
    children: [
      { index: true, element: <Navigate to="/attention" replace /> },
      { path: 'attention', element: <AttentionPage /> },
      { path: 'certificates', element: <CertificateListPage /> },
      { path: 'certificates/new', element: <AddCertificatePage /> },
      { path: 'certificates/new/manual', element: <RegisterCertificatePage /> },
      { path: 'certificates/ca-return', element: <CaReturnPage /> },
      { path: 'certificates/:id', element: <CertificateDetailsPage /> },
      { path: 'client-services', element: <ClientServicesPage /> },
      { path: 'client-services/:id', element: <ClientServiceDetailsPage /> },
      { path: 'settings', element: <SettingsPage /> },
      { path: '*', element: <NotFoundPage /> },
    ],
  },
]);
