import type { HubConfig } from '@vt/common';
import { PasswordService } from './password.service';

describe('PasswordService.problems', () => {
  const passwords = new PasswordService({ passwordHashMemoryKib: 19_456 } as HubConfig);
  const owner = { name: 'Jan de Vries-Bakker', email: 'j.devries@gemeente-utrecht.example' };

  it.each([
    ['Kiezel-Molen-Avond-93'],
    ['correct horse battery staple'],
    ['Test-Wachtwoord-123'],
    ['vijf kleine olifanten dansen'],
    ['Gemeente-Kiezel-Molen-93'],
  ])('accepts %j', (password) => {
    expect(passwords.problems(password, owner)).toEqual([]);
  });

  it.each([
    ['Kx9#mPq2!vL', 'minstens 12 tekens'],
    ['😀😀😀😀😀😀', 'minstens 12 tekens'],
    [' '.repeat(12), 'te makkelijk'],
    ['aaaaaaaaaaaa', 'te makkelijk'],
    ['abcdefghijkl', 'te makkelijk'],
    ['123456789012', 'te makkelijk'],
    ['password1234', 'te makkelijk'],
    ['Welkom01welkom', 'te makkelijk'],
    ['Bakker-Kiezel-93', 'naam of e-mailadres'],
    ['devries-molen-avond', 'naam of e-mailadres'],
    ['VRIES-kiezel-molen', 'naam of e-mailadres'],
  ])('refuses %j (%s)', (password, reason) => {
    const problems = passwords.problems(password, owner);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain(reason);
  });

  it('checks a shared password without an owner against the lists only', () => {
    expect(passwords.problems('Demo-Wachtwoord-2026!')).toEqual([]);
    expect(passwords.problems('qwerty123456')).toHaveLength(1);
  });
});
