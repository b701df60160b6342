import { Navigate, Route, Routes } from 'react-router-dom';
import { ChangePasswordPage, LoginPage } from './features/auth/AuthPages.js';
import { SecondFactorPage } from './features/auth/SecondFactorPage.js';
import { CaseOverview, CasesPage } from './features/cases/CasePages.js';
import { EstimatesPage } from './features/estimates/EstimatesPage.js';
import { BundlesPage } from './features/bundles/BundlesPage.js';
import { RegistryPage } from './features/registry/RegistryPage.js';
import { MapPage } from './features/map/MapPage.js';
import { SubmissionsPage } from './features/submissions/SubmissionsPage.js';
import { RecordDetailPage } from './features/records/RecordDetailPage.js';
import { RecordFormPage } from './features/records/RecordFormPage.js';
import { RecordListPage } from './features/records/RecordListPage.js';
import { TimelinePage } from './features/timeline/TimelinePage.js';
import { NotFound } from './components/NotFound.js';
import { DocumentsPage } from './features/evidence/DocumentsPage.js';
import { DocumentViewerPage } from './features/evidence/DocumentViewerPage.js';
import { CaseSearchPage } from './features/search/CaseSearchPage.js';
import { FindingFormPage } from './features/findings/FindingFormPage.js';
import { FindingPage } from './features/findings/FindingPage.js';
import { FindingsPage } from './features/findings/FindingsPage.js';
import { LegalMatrixPage } from './features/legal/LegalMatrixPage.js';
import { SuspectPage, SuspectsPage } from './features/suspects/SuspectPage.js';
import { AllegedListPage, AllegedPersonPage } from './features/public/AllegedPages.js';

/** Routes of the investigators' workspace (a separate chunk from the public memorial). */
export default function Workspace() {
  return (
    <Routes>
      <Route path="login" element={<LoginPage />} />
      <Route path="password" element={<ChangePasswordPage />} />
      <Route path="second-factor" element={<SecondFactorPage />} />
      <Route path="alleged" element={<AllegedListPage />} />
      <Route path="alleged/:id" element={<AllegedPersonPage />} />
      <Route path="cases" element={<CasesPage />} />
      <Route path="cases/:caseId" element={<CaseOverview />} />
      <Route path="cases/:caseId/map" element={<MapPage />} />
      <Route path="cases/:caseId/timeline" element={<TimelinePage />} />
      <Route path="cases/:caseId/estimates" element={<EstimatesPage />} />
      <Route path="cases/:caseId/bundles" element={<BundlesPage />} />
      <Route path="cases/:caseId/registry" element={<RegistryPage />} />
      <Route path="cases/:caseId/submissions" element={<SubmissionsPage />} />
      <Route path="cases/:caseId/documents" element={<DocumentsPage />} />
      <Route path="cases/:caseId/documents/:fileId" element={<DocumentViewerPage />} />
      <Route path="cases/:caseId/search" element={<CaseSearchPage />} />
      <Route path="cases/:caseId/findings" element={<FindingsPage />} />
      <Route path="cases/:caseId/findings/new" element={<FindingFormPage />} />
      <Route path="cases/:caseId/findings/:id" element={<FindingPage />} />
      <Route path="cases/:caseId/findings/:id/edit" element={<FindingFormPage />} />
      <Route path="cases/:caseId/legal" element={<LegalMatrixPage />} />
      <Route path="cases/:caseId/suspects" element={<SuspectsPage />} />
      <Route path="cases/:caseId/people/:id/suspect" element={<SuspectPage />} />
      <Route path="cases/:caseId/:plural" element={<RecordListPage />} />
      <Route path="cases/:caseId/:plural/new" element={<RecordFormPage />} />
      <Route path="cases/:caseId/:plural/:id" element={<RecordDetailPage />} />
      <Route path="cases/:caseId/:plural/:id/edit" element={<RecordFormPage />} />
      <Route path="home" element={<Navigate to="/cases" />} />
      <Route path="*" element={<NotFound />} />
    </Routes>
  );
}
