import { TestPki } from '../../../test/support/tls';
import { loadHubConfig } from './hub-config';

const pki = new TestPki();
const ca = pki.ca('hub-spec-ca');
const client = pki.issue(ca, 'hub-spec-client', '/serialNumber=00000001234567890000/CN=hub', 'clientAuth', []);
afterAll(() => pki.remove());

describe('loadHubConfig: the metrics listener and mutual TLS towards source holders', () => {
  it('serves metrics on loopback port 9464 unless told otherwise, never on the api port', () => {
    expect(loadHubConfig({}).metrics).toEqual({ port: 9464, host: '127.0.0.1' });
    expect(loadHubConfig({ METRICS_PORT: '9100', METRICS_HOST: '0.0.0.0' }).metrics).toEqual({
      port: 9100,
      host: '0.0.0.0',
    });
    expect(() => loadHubConfig({ API_PORT: '3000', METRICS_PORT: '3000' })).toThrow(
      'METRICS_PORT must differ from API_PORT',
    );
    expect(() => loadHubConfig({ METRICS_PORT: '0' })).toThrow('METRICS_PORT must be an integer from 1 to 65535');
  });

  it('asks in production for a confirmation before metrics leave loopback', () => {
    let problems = '';
    try {
      loadHubConfig({ NODE_ENV: 'production', METRICS_HOST: '0.0.0.0' });
    } catch (error) {
      problems = (error as Error).message;
    }
    expect(problems).toContain('METRICS_HOST is not a loopback address; set METRICS_EXPOSED=true');
    try {
      loadHubConfig({ NODE_ENV: 'production', METRICS_HOST: '0.0.0.0', METRICS_EXPOSED: 'true' });
    } catch (error) {
      problems = (error as Error).message;
    }
    expect(problems).not.toContain('METRICS_HOST');
  });

  it('reads the client certificate, its key and the CA together, or none', () => {
    expect(loadHubConfig({}).sourceHolderTls).toBeNull();
    const tls = loadHubConfig({
      HUB_TLS_CLIENT_CERT: client.cert,
      HUB_TLS_CLIENT_KEY: client.key,
      HUB_TLS_CA: ca.cert,
    }).sourceHolderTls;
    expect(tls?.cert).toContain('BEGIN CERTIFICATE');
    expect(tls?.key).toContain('PRIVATE KEY');
    expect(() => loadHubConfig({ HUB_TLS_CLIENT_CERT: client.cert })).toThrow(
      'HUB_TLS_CLIENT_CERT, HUB_TLS_CLIENT_KEY and HUB_TLS_CA go together',
    );
    expect(() =>
      loadHubConfig({ HUB_TLS_CLIENT_CERT: client.cert, HUB_TLS_CLIENT_KEY: ca.key, HUB_TLS_CA: ca.cert }),
    ).toThrow('HUB_TLS_CLIENT_KEY is not the key of the certificate in HUB_TLS_CLIENT_CERT');
  });
});
