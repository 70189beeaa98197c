import type { Request } from 'express';
import type { PeerCertificate, TLSSocket } from 'node:tls';

/**
 * The names a client certificate gives its holder, in the form SOURCE_HOLDER_TLS_HUB_IDENTITY is
 * written: the subject's serial number (where PKIoverheid certificates carry the OIN) and the
 * DNS and URI subject alternative names.
 */
export function certificateIdentities(cert: PeerCertificate): string[] {
  const serial = cert.subject?.serialNumber;
  const serials = serial === undefined ? [] : Array.isArray(serial) ? serial : [serial];
  const altNames = (cert.subjectaltname ?? '')
    .split(', ')
    .filter((name) => name.startsWith('DNS:') || name.startsWith('URI:'));
  return [...serials.map((value) => `serialNumber=${value}`), ...altNames];
}

/**
 * Whether the request came over mutual TLS with a certificate naming `identity`. The handshake
 * already refused certificates from other CAs; this tells one holder of the CA from another.
 */
export function presentsIdentity(req: Request, identity: string): boolean {
  const socket = req.socket as Partial<TLSSocket>;
  if (typeof socket.getPeerCertificate !== 'function' || !socket.authorized) return false;
  return certificateIdentities(socket.getPeerCertificate()).includes(identity);
}
