import type { ExportJob } from '../../../../common/schemas/exports';

/**
 * How often the list of exports is asked for again: every few seconds while one is being
 * prepared; every minute while a file is offered for download, since a file stops being offered
 * when the user's access changes (then the list says it is outdated instead of offering a link
 * that answers 404); else not at all.
 */
export function exportsRefreshInterval(jobs: readonly Pick<ExportJob, 'status' | 'outdated'>[] | undefined): number | false {
  if (jobs?.some((job) => job.status === 'queued' || job.status === 'running')) return 3_000;
  if (jobs?.some((job) => job.status === 'done' && !job.outdated)) return 60_000;
  return false;
}
