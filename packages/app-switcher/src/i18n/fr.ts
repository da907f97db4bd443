/** French messages of <suite-app-switcher>: the reference dictionary. */
export const fr = {
  buttonLabel: 'Services de la Suite numérique',
  title: 'Services',
  close: 'Fermer',
  searchLabel: 'Rechercher un service',
  searchPlaceholder: 'Rechercher…',
  showMore: (count: number) => `Plus d’applications (${count})`,
  showLess: 'Moins d’applications',
  newWindow: ' - nouvelle fenêtre',
  current: 'application actuelle',
  maturity: { alpha: 'alpha', beta: 'bêta' },
  results: (count: number) =>
    count === 0 ? 'Aucun service ne correspond' : count === 1 ? '1 service trouvé' : `${count} services trouvés`,
  empty: 'Aucun service n’est disponible pour le moment.',
  loadError: 'La liste des services n’a pas pu être chargée.',
  invalid: 'La liste des services reçue est invalide.',
  offline: 'Liste enregistrée plus tôt : elle peut ne plus être à jour.',
};

export type AppSwitcherMessages = typeof fr;
