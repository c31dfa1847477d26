// The server's page URLs (it rewrites them to screen.html / tablet.html / follow-ups.html).
const enc = encodeURIComponent;

export const routes = {
  home: () => '/',
  screen: (meetingId) => `/meetings/${enc(meetingId)}/screen`,
  tablet: (meetingId) => `/meetings/${enc(meetingId)}/tablet`,
  desk: (meetingId) => `/meetings/${enc(meetingId)}/desk`,
  followUps: () => '/follow-ups',
};

/**
 * The meeting id of /meetings/{id}/screen or /meetings/{id}/tablet. Falls back to ?id=
 * (or ?meetingId=) so the built screen.html can also be opened directly.
 */
export function meetingIdFromLocation(loc = location) {
  const match = /\/meetings\/([^/]+)\/(?:screen|tablet|desk)\/?$/.exec(loc.pathname);
  if (match) return decodeURIComponent(match[1]);
  const params = new URLSearchParams(loc.search);
  return params.get('id') ?? params.get('meetingId');
}
