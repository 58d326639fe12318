/** Posts a form as soon as the page loads (the Deep Linking answer to the LMS), without an inline script. */
const form = document.querySelector<HTMLFormElement>('form[data-autosubmit]');
form?.submit();
