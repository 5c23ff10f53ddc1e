/** The scale the stages sit on: content on the left, frustrated on the right (a legend in words too). */
export function EffortScale() {
  return (
    <div className="effort-scale" role="img" aria-label="Stages run from least effort, customers content, on the left to most effort, customers frustrated, on the right.">
      <span className="effort-scale__end">☺ Content · least effort</span>
      <span className="effort-scale__bar" aria-hidden="true" />
      <span className="effort-scale__end">Most effort · frustrated ☹</span>
    </div>
  );
}
