// The diff page's filters: unticked kinds of change are hidden in the list and their marks in
// the pictures; a chosen stage hides the other stages' changes.
(function () {
  var form = document.querySelector('form.jm-diff-filters');
  if (!form) return;
  function apply() {
    var on = {};
    form.querySelectorAll('input[name=kind]').forEach(function (i) { on[i.value] = i.checked; });
    var stage = form.querySelector('select[name=stage]').value;
    document.querySelectorAll('.jm-changes .jm-line[data-kind]').forEach(function (l) {
      l.hidden = !on[l.getAttribute('data-kind')];
    });
    document.querySelectorAll('.jm-changes .jm-block').forEach(function (b) {
      b.hidden = stage !== '' && b.getAttribute('data-stage') !== stage;
    });
    // A removed element's strike line goes with it, a renamed one's old name with "changed".
    var marks = { added: ['added'], removed: ['removed', 'strike'], changed: ['changed', 'was'], moved: ['moved'] };
    Object.keys(marks).forEach(function (k) {
      marks[k].forEach(function (cls) {
        document.querySelectorAll('.jm-diagram-frame g.jm-diff-' + cls).forEach(function (g) {
          g.style.display = on[k] ? '' : 'none';
        });
      });
    });
  }
  form.addEventListener('change', apply);
  apply();
})();
