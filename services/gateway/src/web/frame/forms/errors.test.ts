import { FormErrors } from "./errors";

const fields = {
  title: { message: "Enter a title of 5 characters or more" },
  issue: { message: "Describe the issue of concern in 10 characters or more" },
  due: { anchor: "due-day", message: "Enter a due date in the future" },
};
const fieldOf = (f: string) => ({ "report_request.title": "title", "report_request.issue_of_concern": "issue" })[f];

describe("FormErrors", () => {
  test("merges page checks and service violations, one message a field, in page order", () => {
    const e = new FormErrors(fields).add("due", "Due date must be a real date").addViolations(
      [
        { field: "report_request.issue_of_concern", description: "describe the issue (at least 10 characters)" },
        { field: "report_request.title", description: "at least 5 characters" },
        { field: "report_request.title", description: "a second complaint" },
      ],
      fieldOf,
    );
    expect(e.summary).toEqual([
      { text: "Enter a title of 5 characters or more", href: "#title" },
      { text: "Describe the issue of concern in 10 characters or more", href: "#issue" },
      { text: "Due date must be a real date", href: "#due-day" },
    ]);
    expect(e.byField.due).toBe("Due date must be a real date");
  });

  test("a field without a fixed message is named before the service's description", () => {
    const e = new FormErrors({ a_n: { label: "Incidents reported" } }).addViolations(
      [{ field: "answers.n", description: "must be at least 0" }],
      () => "a_n",
    );
    expect(e.summary).toEqual([{ text: "Incidents reported must be at least 0", href: "#a_n" }]);
  });

  test("a violation of a field the form does not show is still listed, in the service's words", () => {
    const e = new FormErrors(fields).addViolations([{ field: "request_id", description: "too long" }], fieldOf);
    expect(e.summary).toEqual([{ text: "Too long", href: "#request_id" }]);
  });

  test("the kit's text rule is named as it is, not as the field's usual message", () => {
    const e = new FormErrors(fields).addViolations(
      [
        { field: "report_request.title", description: "must not contain bidirectional override or isolate characters" },
        {
          field: "report_request.issue_of_concern",
          description: "must not contain control characters (other than tab and new line)",
        },
      ],
      fieldOf,
    );
    expect(e.byField).toEqual({
      title: "Title must not contain bidirectional override or isolate characters",
      issue: "Issue must not contain control characters (other than tab and new line)",
    });
  });
});
