// The id of History's open job heading (JobHead's h2): focus goes there when a job opens in place of what
// had focus (the undo panel, once its undo job is made).
export const JOB_DETAIL_TITLE = 'detail-title';
