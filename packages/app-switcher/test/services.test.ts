import { expect } from '@open-wc/testing';
import { SuiteError } from '@suite-widgets/core';
import { isCurrentService, normalizeForSearch, parseServices } from '../src/services.js';

const BASE = 'https://lasuite.numerique.gouv.fr/api/services';

describe('parseServices', () => {
  it('keeps a good list with its organization, and accepts a bare array', () => {
    const parsed = parseServices(
      {
        services: [{ id: 'docs', name: ' Docs ', url: 'https://docs.numerique.gouv.fr/', logo: '/logos/docs.svg', maturity: 'Beta' }],
        organization: { name: 'DINUM', type: 'administration', siret: '13002526500013' },
      },
      BASE,
    );
    expect(parsed.problems).to.deep.equal([]);
    expect(parsed.services).to.deep.equal([
      { id: 'docs', name: 'Docs', url: 'https://docs.numerique.gouv.fr/', logo: 'https://lasuite.numerique.gouv.fr/logos/docs.svg', maturity: 'beta' },
    ]);
    expect(parsed.organization).to.deep.equal({ name: 'DINUM', type: 'administration', siret: '13002526500013' });
    expect(parseServices([{ name: 'Visio', url: 'https://visio.numerique.gouv.fr/' }], BASE).services).to.have.length(1);
  });

  it('drops entries without a name or an http(s) URL, and says which', () => {
    const parsed = parseServices(
      {
        services: [
          { name: 'Docs', url: 'https://docs.numerique.gouv.fr/' },
          { url: 'https://nameless.test/' },
          { name: 'Sans lien' },
          { name: 'Piège', url: 'javascript:alert(1)' },
          'not an object',
          { name: 'Logo', url: 'https://a.test/', logo: 'javascript:alert(1)' },
        ],
      },
      BASE,
    );
    expect(parsed.services.map((service) => service.name)).to.deep.equal(['Docs', 'Logo']);
    expect(parsed.services[1].logo).to.equal(undefined);
    expect(parsed.problems).to.deep.equal([
      'services[1] has no name',
      'services[2] (Sans lien) has no http(s) url: undefined',
      'services[3] (Piège) has no http(s) url: "javascript:alert(1)"',
      'services[4] is not an object',
      'services[5] (Logo) has an unusable logo',
    ]);
  });

  it('accepts data:image logos but not data:text/html ones', () => {
    const parsed = parseServices({
      services: [
        { name: 'A', url: 'https://a.test/', logo: 'data:image/png;base64,iVBORw0KGgo=' },
        { name: 'B', url: 'https://b.test/', logo: 'data:text/html,<script>alert(1)</script>' },
      ],
    });
    expect(parsed.services[0].logo).to.equal('data:image/png;base64,iVBORw0KGgo=');
    expect(parsed.services[1].logo).to.equal(undefined);
  });

  it('rejects what is not a services list with a protocol error, and an error payload with a server error', () => {
    const kind = (payload: unknown) => {
      try {
        parseServices(payload, BASE);
        return 'none';
      } catch (error) {
        expect(error).to.be.instanceOf(SuiteError);
        return (error as SuiteError).kind;
      }
    };
    expect(kind(null)).to.equal('protocol');
    expect(kind('services')).to.equal('protocol');
    expect(kind({ items: [] })).to.equal('protocol');
    expect(kind({ services: {} })).to.equal('protocol');
    expect(kind({ services: [{ name: 'x' }] })).to.equal('protocol');
    expect(kind({ error: 'maintenance' })).to.equal('server');
    expect(kind({ services: [] })).to.equal('none');
  });
});

describe('isCurrentService', () => {
  const docs = { id: 'docs', name: 'Docs', url: 'https://docs.numerique.gouv.fr/app/' };
  it('matches the id, the URL, and pages below it, not a neighbour', () => {
    expect(isCurrentService(docs, 'docs')).to.equal(true);
    expect(isCurrentService(docs, 'https://docs.numerique.gouv.fr/app')).to.equal(true);
    expect(isCurrentService(docs, 'https://docs.numerique.gouv.fr/app/doc/42')).to.equal(true);
    expect(isCurrentService(docs, 'https://docs.numerique.gouv.fr/application')).to.equal(false);
    expect(isCurrentService(docs, 'https://evil.test/app/')).to.equal(false);
    expect(isCurrentService(docs, undefined)).to.equal(false);
  });
});

describe('normalizeForSearch', () => {
  it('ignores case and accents', () => {
    expect(normalizeForSearch('  Démarches Simplifiées ')).to.equal('demarches simplifiees');
  });
});
