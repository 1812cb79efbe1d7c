namespace Alerting.Quartz;

/// <summary>What a <c>quartz</c> action does to the scheduler.</summary>
public enum QuartzOperation
{
    /// <summary>Pauses a trigger: it does not fire until resumed (<c>IScheduler.PauseTrigger</c>).</summary>
    PauseTrigger = 0,

    /// <summary>Resumes a paused trigger (<c>IScheduler.ResumeTrigger</c>); a fire time missed meanwhile follows its misfire instruction.</summary>
    ResumeTrigger = 1,

    /// <summary>Pauses every trigger of a job (<c>IScheduler.PauseJob</c>).</summary>
    PauseJob = 2,

    /// <summary>Resumes every trigger of a job (<c>IScheduler.ResumeJob</c>).</summary>
    ResumeJob = 3,
}
