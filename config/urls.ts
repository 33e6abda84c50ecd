/**
 * Credentials never go into a URL of the configuration: a URL is written into Job arguments, run.json and
 * summary.json (served by the report server), workbench presets, the Tekton Task and the dispatcher's ConfigMap —
 * all of them in git or readable by anyone who reads results. Each problem names where the credentials belong.
 */

/** `scheme://userinfo@`: the userinfo of a URL, or undefined. */
function userinfoOf(value: string): { scheme: string; userinfo: string } | undefined {
  const m = /^([a-zA-Z][a-zA-Z0-9+.-]*):\/\/([^/?#@\s]*)@/.exec(value);
  return m ? { scheme: m[1].toLowerCase(), userinfo: m[2] } : undefined;
}

/**
 * True when `value` is a URL that carries credentials: any userinfo in an http(s) URL (`https://token@host` is a
 * token), a password in any other (`ssh://git@host` names a user only, and is fine).
 */
export function hasCredentials(value: string): boolean {
  const u = userinfoOf(value);
  if (!u || u.userinfo === '') return false;
  return u.scheme === 'http' || u.scheme === 'https' || u.userinfo.includes(':');
}

/** Where the credentials of the URL at `path` belong instead. */
function secretAlternative(path: readonly (string | number)[]): string {
  const dotted = path.join('.');
  if (/^targets\.\d+\.endpoint$/.test(dotted)) return `an API key in a Secret: targets[${path[1]}].auth.apiKeySecret`;
  if (dotted === 'results.objectStore.endpoint') return 'results.objectStore.credentialsSecret (a Secret with AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY)';
  if (dotted === 'monitoring.grafana.fleetDatasource.url') return 'monitoring.grafana.fleetDatasource.bearerTokenSecret or clientCertificateSecret';
  if (dotted === 'argocd.repoURL') return "ArgoCD's repository credentials (a Secret labelled argocd.argoproj.io/secret-type: repository), not the URL";
  return 'a Secret the field documents (a token file or credentials Secret), never the URL';
}

/** Every string of `config` that is a URL with credentials, with its path and where the credentials belong. */
export function credentialsInUrls(config: unknown, at: readonly (string | number)[] = []): { path: (string | number)[]; message: string }[] {
  if (typeof config === 'string') {
    if (!hasCredentials(config)) return [];
    const u = userinfoOf(config)!;
    const shown = config.replace(`${u.userinfo}@`, '***@');
    return [{ path: [...at], message: `${JSON.stringify(shown)} carries credentials in the URL, which would be written into manifests in git and into results anyone can read; remove them and use ${secretAlternative(at)}` }];
  }
  if (Array.isArray(config)) return config.flatMap((v, i) => credentialsInUrls(v, [...at, i]));
  if (config !== null && typeof config === 'object') return Object.entries(config).flatMap(([k, v]) => credentialsInUrls(v, [...at, k]));
  return [];
}

/** The URLs with credentials in a text (a manifest, a file of dist/). */
export function credentialUrlsIn(text: string): string[] {
  return (text.match(/[a-zA-Z][a-zA-Z0-9+.-]*:\/\/[^\s"'<>]+/g) ?? []).filter(hasCredentials);
}
