{{ persons_activity_timeline(half=1) }}
