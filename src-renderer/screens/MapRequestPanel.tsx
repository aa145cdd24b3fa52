// The request panel beside the Map screen's fields, wired to its store; a live signature asks first.
import { useEffect, useState } from 'react';
import { ConfirmDialog, type ConfirmRequest } from '../components/ConfirmDialog';
import { RequestPanel } from '../components/RequestPanel';
import type { ConnectionDto } from '../../src-shared/contract/api';
import {
  closeCurl,
  copyCurl,
  explainNow,
  liveCurl,
  showRow,
  useRequestPanelStore,
} from '../stores/requestPanelStore';

export function MapRequestPanel({ connection }: { connection: ConnectionDto | null }) {
  const s = useRequestPanelStore();
  const [confirm, setConfirm] = useState<ConfirmRequest | null>(null);
  useEffect(() => void explainNow(), []);
  const identity = connection?.identity.api === 'coursepath' ? connection.identity.email : null;
  const askLive = () =>
    setConfirm({
      title: 'A cURL with a live signature?',
      body: (
        <>
          <p>
            The command will hold a <strong>working credential</strong>: a token signed with the academy's JWT
            SSO secret
            {identity ? (
              <>
                {' '}
                that acts as <strong>{identity}</strong>
              </>
            ) : null}{' '}
            in <strong>{connection?.name}</strong>, valid for about two minutes and for one request.
          </p>
          <p>
            Anyone who sees it until then can send that request. Bulk Desk does not store it; do not paste it
            into tickets or chats.
          </p>
        </>
      ),
      confirmLabel: 'Show the live cURL',
      phrase: null,
      danger: true,
      onConfirm: () => void liveCurl(),
    });
  return (
    <>
      <RequestPanel
        explain={s.explain}
        loading={s.loading}
        error={s.error}
        onRow={showRow}
        onCopyCurl={copyCurl}
        // Coassemble's Authorization is the API key itself, which does not expire: never offered live.
        onLiveCurl={connection?.api === 'coursepath' ? askLive : undefined}
        curl={s.curl}
        curlError={s.curlError}
        onCloseCurl={closeCurl}
      />
      <ConfirmDialog request={confirm} onClose={() => setConfirm(null)} />
    </>
  );
}
